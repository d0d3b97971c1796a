using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Views;

/// <summary>What the cache keeps of an event: the columns of <c>kubectl events</c>.</summary>
public sealed record EventView(
    string Name,
    string Uid,
    string Type,
    string Reason,
    string Message,
    string ObjectKind,
    string ObjectName,
    int Count,
    DateTimeOffset? LastSeen)
{
    public string Object => $"{ObjectKind.ToLowerInvariant()}/{ObjectName}";

    public static EventView From(KubeEvent e) => new(
        e.Metadata?.Name ?? "",
        e.Metadata?.Uid ?? "",
        e.Type ?? "Normal",
        e.Reason ?? "",
        e.Message ?? "",
        e.InvolvedObject?.Kind ?? "",
        e.InvolvedObject?.Name ?? "",
        e.Count ?? e.Series?.Count ?? 1,
        // kubectl's LAST SEEN: the newest of the legacy and the events.k8s.io timestamps that is set.
        ObjectTime.Utc(e.LastTimestamp ?? e.Series?.LastObservedTime ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp));
}
