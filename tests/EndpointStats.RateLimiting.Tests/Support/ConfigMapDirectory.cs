namespace EndpointStats.RateLimiting.Tests.Support;

/// <summary>
/// A Kubernetes ConfigMap volume as the kubelet lays it out: <c>rules.json -&gt; ..data/rules.json</c>, <c>..data -&gt; ..&lt;version&gt;</c>.
/// An update writes a new version directory and swaps the <c>..data</c> symlink atomically (rename over it).
/// </summary>
internal sealed class ConfigMapDirectory : IDisposable
{
    private int _version;

    public ConfigMapDirectory(string content)
    {
        Root = Directory.CreateTempSubdirectory("es-configmap-").FullName;
        Update(content);
        File.CreateSymbolicLink(FilePath, Path.Combine("..data", "rules.json"));
    }

    public string Root { get; }

    public string FilePath => Path.Combine(Root, "rules.json");

    public void Update(string content)
    {
        var version = $"..2026_{++_version:D4}";
        Directory.CreateDirectory(Path.Combine(Root, version));
        File.WriteAllText(Path.Combine(Root, version, "rules.json"), content);
        var temporary = Path.Combine(Root, "..data_tmp");
        File.CreateSymbolicLink(temporary, version);
        // rename(2) over the old link, as the kubelet does; File.Move refuses a link that points at a directory.
        var (exitCode, output) = ProcessRunner.RunAsync("mv", ["-T", temporary, Path.Combine(Root, "..data")]).GetAwaiter().GetResult();
        if (exitCode != 0)
        {
            throw new IOException($"mv failed: {output}");
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
