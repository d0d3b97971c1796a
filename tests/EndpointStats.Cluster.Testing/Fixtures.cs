using System.Text.Json.Nodes;

namespace EndpointStats.Cluster.Testing;

/// <summary>
/// Objects as <c>kubectl get -o json</c> prints them (namespace <c>shop</c>): one pod per printed status, the deployments and
/// replica sets owning them, and events.
/// </summary>
public static class Fixtures
{
    public const string Namespace = "shop";

    public static IReadOnlyList<JsonObject> Pods() => Load("pods.json");

    public static IReadOnlyList<JsonObject> Deployments() => Load("deployments.json");

    public static IReadOnlyList<JsonObject> ReplicaSets() => Load("replicasets.json");

    public static IReadOnlyList<JsonObject> Events() => Load("events.json");

    public static IReadOnlyList<JsonObject> All() => [.. Deployments(), .. ReplicaSets(), .. Pods(), .. Events()];

    public static JsonObject Pod(string name) => Pods().Single(p => p["metadata"]!["name"]!.GetValue<string>() == name);

    public static JsonObject Deployment(string name) => Deployments().Single(p => p["metadata"]!["name"]!.GetValue<string>() == name);

    public static JsonObject ReplicaSet(string name) => ReplicaSets().Single(p => p["metadata"]!["name"]!.GetValue<string>() == name);

    /// <summary>A fresh copy on every call: tests mutate what they get.</summary>
    private static List<JsonObject> Load(string file)
    {
        var assembly = typeof(Fixtures).Assembly;
        using var stream = assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Fixtures.{file}")
            ?? throw new InvalidOperationException($"Fixture {file} is not embedded.");
        var list = JsonNode.Parse(stream)!.AsObject();
        return [.. list["items"]!.AsArray().Select(i => i!.AsObject())];
    }
}
