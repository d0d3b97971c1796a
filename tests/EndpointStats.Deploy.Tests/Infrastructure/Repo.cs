namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from (found by walking up to EndpointStats.slnx).</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string ChartDirectory => File("deploy", "helm", "endpoint-stats");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "EndpointStats.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EndpointStats.slnx not found above " + AppContext.BaseDirectory);
    }
}
