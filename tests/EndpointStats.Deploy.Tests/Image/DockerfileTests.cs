using System.Text.Json;
using System.Text.RegularExpressions;

namespace EndpointStats.Deploy.Tests.Image;

/// <summary>deploy/Dockerfile: pinned bases, cached restore, non-root, read-only friendly, the right port and command.</summary>
public sealed partial class DockerfileTests
{
    [Fact]
    public void BaseImages_ArePinnedPatchVersions_RuntimeIsTheOfficialAspNetImageOfTheTargetFramework()
    {
        var bases = Dockerfile.Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

        Assert.Equal(2, bases.Count);
        Assert.All(bases, image => Assert.Matches(PinnedTag(), image));
        var runtime = PinnedTag().Match(bases[^1]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet", runtime.Groups["repo"].Value);
        var framework = Regex.Match(Repo.Read("Directory.Build.props"), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;
        Assert.StartsWith(framework + ".", runtime.Groups["version"].Value, StringComparison.Ordinal);

        var sdk = PinnedTag().Match(bases[0]);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk", sdk.Groups["repo"].Value);
        var required = JsonDocument.Parse(Repo.Read("global.json")).RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        Assert.True(Version.Parse(sdk.Groups["version"].Value) >= Version.Parse(required), $"SDK image {sdk.Groups["version"].Value} is older than global.json {required}");
    }

    [Fact]
    public void Restore_RunsOnProjectFilesOnly_BeforeTheSourcesAreCopied()
    {
        var build = Dockerfile.Instructions.Where(i => i.Stage == 0).ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = build.FindIndex(i => i.Keyword == "COPY" && i.Arguments.StartsWith("src/ ", StringComparison.Ordinal));

        Assert.True(restore > 0 && sources > restore, "restore must come before the sources are copied");
        var copiedBefore = build.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.Split(' ')[..^1]).ToList();
        Assert.All(copiedBefore, file => Assert.Matches(@"(\.csproj|\.props|global\.json|\.editorconfig)$", file));
        Assert.Equal(ProjectClosure("src/EndpointStats/EndpointStats.csproj").Order(), copiedBefore.Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Order());
        Assert.Contains("--no-restore", build.Single(i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments);
        Assert.All(Dockerfile.Instructions.Where(i => i.Arguments.Contains("dotnet restore") || i.Arguments.Contains("dotnet publish")),
            i => Assert.Contains("--mount=type=cache", i.Arguments));
    }

    [Fact]
    public void Runtime_RunsAsANumericNonRootUser_SameAsTheChartAndCompose()
    {
        var user = Dockerfile.Final.Last(i => i.Keyword == "USER").Arguments;

        Assert.Matches(@"^[1-9]\d*(:[1-9]\d*)?$", user);
        Assert.Contains("runAsUser: " + user.Split(':')[0], Repo.Read("deploy", "helm", "endpoint-stats", "values.yaml"));
        Assert.Equal(user, ComposeFile.Service("gateway")["user"]!.ToString());
    }

    [Fact]
    public void Runtime_WritesOnlyToTmpAndTheDataVolume_OwnedByItsUser()
    {
        var env = RuntimeEnvironment();
        var volume = JsonSerializer.Deserialize<string[]>(Dockerfile.Final.Single(i => i.Keyword == "VOLUME").Arguments)!;
        var user = Dockerfile.Final.Last(i => i.Keyword == "USER").Arguments;

        Assert.Equal([env["Storage__DataDirectory"]], volume);
        Assert.Equal("/tmp", env["HOME"]);
        Assert.Equal("/tmp", env["TMPDIR"]);
        Assert.Contains(Dockerfile.Final, i => i.Keyword == "RUN" && i.Arguments.Contains($"chown -R {user} {volume[0]}", StringComparison.Ordinal));
        Assert.Contains(Dockerfile.Final, i => i.Keyword == "COPY" && i.Arguments.Contains("--chown=0:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runtime_ExposesTheListeningPort_AndStartsServeFromPath()
    {
        var env = RuntimeEnvironment();
        var entrypoint = JsonSerializer.Deserialize<string[]>(Dockerfile.Final.Single(i => i.Keyword == "ENTRYPOINT").Arguments)!;

        Assert.Equal("8080", Dockerfile.Final.Single(i => i.Keyword == "EXPOSE").Arguments);
        Assert.Equal("8080", env["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal(["endpoint-stats", "serve"], entrypoint);
        await Binary.AssertValidCommandLineAsync(entrypoint, "Dockerfile ENTRYPOINT");
        // The apphost is named after the assembly and published into WORKDIR, which is on PATH.
        Assert.Contains("<AssemblyName>endpoint-stats</AssemblyName>", Repo.Read("src", "EndpointStats", "EndpointStats.csproj"));
        Assert.Contains("-o /app", Dockerfile.Instructions.Single(i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments);
        Assert.Equal("/app", Dockerfile.Final.Single(i => i.Keyword == "WORKDIR").Arguments);
        Assert.StartsWith("/app:", env["PATH"], StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndHistoryOut_AndTheBuildInputsIn()
    {
        var ignored = Repo.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.Contains("tests/", ignored);
        Assert.DoesNotContain(ignored, p => p.TrimEnd('/') is "src" or "*.props" or "global.json" or "*.json" or "*.csproj");
    }

    internal static Dictionary<string, string> RuntimeEnvironment() =>
        Dockerfile.Final.Where(i => i.Keyword == "ENV").SelectMany(i => EnvPair().Matches(i.Arguments))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));

    internal static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (Match reference in Regex.Matches(Repo.Read(current), "<ProjectReference Include=\"([^\"]+)\""))
            {
                var path = Path.GetRelativePath(Repo.Root, Path.GetFullPath(Path.Combine(Repo.Root, directory, reference.Groups[1].Value.Replace('\\', '/'))));
                queue.Enqueue(path.Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^(?<repo>[a-z0-9./\-]+):(?<version>\d+\.\d+\.\d+)(-[a-z0-9]+)?$")]
    private static partial Regex PinnedTag();

    [GeneratedRegex(@"(\w+)=(""[^""]*""|\S+)")]
    private static partial Regex EnvPair();
}
