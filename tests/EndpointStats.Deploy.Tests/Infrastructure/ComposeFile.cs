using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>deploy/docker-compose.yaml with YAML anchors and merge keys resolved, as Compose resolves them.</summary>
internal static class ComposeFile
{
    public static JsonObject Root { get; } = Load();

    public static JsonObject Services => Root["services"]!.AsObject();

    public static JsonObject Service(string name) => Services[name]!.AsObject();

    /// <summary>Services running the platform image (everything built from deploy/Dockerfile).</summary>
    public static IEnumerable<string> PlatformServices =>
        Services.Where(s => s.Value!["image"]?.ToString().Contains("ENDPOINT_STATS_IMAGE", StringComparison.Ordinal) == true).Select(s => s.Key);

    private static JsonObject Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Repo.Read("deploy", "docker-compose.yaml")));
        return YamlTree.Convert(stream.Documents.Single().RootNode)!.AsObject();
    }
}
