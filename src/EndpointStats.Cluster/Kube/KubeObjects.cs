using System.Text.Json.Serialization;

namespace EndpointStats.Cluster.Kube;

// The few fields of Kubernetes objects that the cluster views read, named as the API serialises them. Decoding into these
// instead of the client's full models (hundreds of types reachable from V1Pod) keeps the role's type metadata, JIT output
// and per-object garbage small; unknown fields are skipped by the reader.

/// <summary>An object with standard metadata: every kind the role watches.</summary>
public interface IKubeObject
{
    ObjectMeta? Metadata { get; }
}

public sealed record ObjectMeta(
    string? Name,
    string? Uid,
    string? ResourceVersion,
    DateTimeOffset? CreationTimestamp,
    DateTimeOffset? DeletionTimestamp,
    Dictionary<string, string>? Labels,
    List<OwnerReference>? OwnerReferences);

public sealed record OwnerReference(string? Kind, string? Name, bool? Controller);

public sealed record ListMeta(string? ResourceVersion, [property: JsonPropertyName("continue")] string? Continue);

/// <summary>A list response: one page of items and the version to watch from.</summary>
public sealed record ResourceList<T>(ListMeta? Metadata, List<T>? Items);

/// <summary>One line of a watch stream; <c>ERROR</c> lines carry a <see cref="KubeStatus"/> instead of an object.</summary>
public sealed record WatchEvent<T>(string? Type, T? Object);

/// <summary>The API server's error body (<c>kind: Status</c>), e.g. code 410 when a watch's version has expired.</summary>
public sealed record KubeStatus(int? Code, string? Reason, string? Message) : IKubeObject
{
    public ObjectMeta? Metadata => null;
}

public sealed record Condition(
    string? Type, string? Status, string? Reason, string? Message, DateTimeOffset? LastUpdateTime, DateTimeOffset? LastTransitionTime);
