using System.Text.Json.Nodes;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>One rendered object: its raw tree (for strict field checks) and its typed model, when Kubernetes has one.</summary>
internal sealed record Manifest(string ApiVersion, string Kind, string Name, string Source, string Yaml, JsonObject Raw, object? Model)
{
    public string Id => $"{Kind}/{Name} ({Source})";

    public IDictionary<string, string> Labels =>
        (Raw["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? new Dictionary<string, string>();

    public IDictionary<string, string> Annotations =>
        (Raw["metadata"]?["annotations"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? new Dictionary<string, string>();

    public T As<T>() => Model is T typed ? typed : throw new InvalidOperationException($"{Id} is not a {typeof(T).Name}");
}
