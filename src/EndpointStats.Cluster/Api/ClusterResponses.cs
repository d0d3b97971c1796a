using EndpointStats.Cluster.Views;

namespace EndpointStats.Cluster.Api;

/// <summary>The seed's stats shape, plus failed and succeeded pods, restarts and the freshness of the cache.</summary>
public sealed record ClusterStatsResponse(
    string Namespace, int TotalDeployments, int TotalPods, int RunningPods, int PendingPods, int FailedPods, int SucceededPods,
    int Restarts, DateTimeOffset? LastSync, bool Connected);

public sealed record DeploymentResponse(
    string Name, int Replicas, int Ready, int Available, string Age, int Updated, IReadOnlyList<string> Images,
    IReadOnlyList<DeploymentCondition> Conditions);

public sealed record PodResponse(
    string Name, string PodId, string Status, string? Node, string Age, int Restarts, string Ready, string? Deployment, string? Ip);

public sealed record PodHistoryResponse(string Name, string PodId, string Status, string? Node, DateTimeOffset Timestamp);

public sealed record EventResponse(
    string Type, string Reason, string Message, string Object, int Count, DateTimeOffset? LastSeen, string Age);
