namespace EndpointStats.Cluster.Kube;

public sealed record Deployment(ObjectMeta? Metadata, DeploymentSpec? Spec, DeploymentState? Status) : IKubeObject;

public sealed record DeploymentSpec(int? Replicas, PodTemplate? Template);

public sealed record PodTemplate(PodSpec? Spec);

public sealed record DeploymentState(int? ReadyReplicas, int? AvailableReplicas, int? UpdatedReplicas, List<Condition>? Conditions);

/// <summary>Watched only for its owner: which deployment a pod belongs to.</summary>
public sealed record ReplicaSet(ObjectMeta? Metadata) : IKubeObject;

/// <summary>A core/v1 event, with the events.k8s.io series fields that newer components set instead of count and lastTimestamp.</summary>
public sealed record KubeEvent(
    ObjectMeta? Metadata,
    string? Type,
    string? Reason,
    string? Message,
    InvolvedObject? InvolvedObject,
    int? Count,
    EventSeries? Series,
    DateTimeOffset? LastTimestamp,
    DateTimeOffset? EventTime,
    DateTimeOffset? FirstTimestamp) : IKubeObject;

public sealed record InvolvedObject(string? Kind, string? Name);

public sealed record EventSeries(int? Count, DateTimeOffset? LastObservedTime);
