using System.Text.Json.Serialization;

namespace EndpointStats.Cluster.Kube;

public sealed record Pod(ObjectMeta? Metadata, PodSpec? Spec, PodState? Status) : IKubeObject;

public sealed record PodSpec(string? NodeName, List<ContainerSpec>? Containers, List<ContainerSpec>? InitContainers);

public sealed record ContainerSpec(string? Name, string? Image, string? RestartPolicy);

/// <summary>A pod's <c>status</c> block.</summary>
public sealed record PodState(
    string? Phase,
    string? Reason,
    [property: JsonPropertyName("podIP")] string? PodIP,
    List<Condition>? Conditions,
    List<ContainerStatus>? ContainerStatuses,
    List<ContainerStatus>? InitContainerStatuses);

public sealed record ContainerStatus(string? Name, int RestartCount, bool Ready, bool? Started, ContainerState? State);

public sealed record ContainerState(ContainerStateWaiting? Waiting, ContainerStateRunning? Running, ContainerStateTerminated? Terminated);

public sealed record ContainerStateWaiting(string? Reason);

public sealed record ContainerStateRunning(DateTimeOffset? StartedAt);

public sealed record ContainerStateTerminated(int ExitCode, int? Signal, string? Reason);
