using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Views;

/// <summary>
/// What the cache keeps of a pod: the printed columns, computed once per watch event, so that answers never re-derive them
/// and the full object (tens of kilobytes with managed fields) is not held in memory.
/// </summary>
public sealed record PodView(
    string Name,
    string Uid,
    string Status,
    string Phase,
    string? Node,
    string? Ip,
    DateTimeOffset? CreatedAt,
    int Restarts,
    int ReadyContainers,
    int TotalContainers,
    string? ReplicaSet,
    string? TemplateHash)
{
    /// <summary>kubectl's READY column, built once per change rather than once per answer.</summary>
    public string Ready { get; } = $"{ReadyContainers}/{TotalContainers}";

    public static PodView From(Pod pod)
    {
        var (status, ready, total, restarts) = PodStatus.Of(pod);
        var metadata = pod.Metadata;
        var owner = metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "ReplicaSet");
        string? hash = null;
        metadata?.Labels?.TryGetValue("pod-template-hash", out hash);
        return new PodView(
            metadata?.Name ?? "",
            metadata?.Uid ?? "",
            status,
            pod.Status?.Phase ?? "Unknown",
            string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
            string.IsNullOrEmpty(pod.Status?.PodIP) ? null : pod.Status.PodIP,
            ObjectTime.Utc(metadata?.CreationTimestamp),
            restarts,
            ready,
            total,
            owner?.Name,
            hash);
    }
}
