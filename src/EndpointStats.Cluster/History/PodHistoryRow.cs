namespace EndpointStats.Cluster.History;

/// <summary>One status transition of one pod.</summary>
public sealed record PodHistoryRow(string Namespace, string PodName, string PodUid, string Status, string? Node, DateTimeOffset ChangedAt)
{
    /// <summary>Recorded when the pod is gone from the API server (deleted, or vanished while the watch was down).</summary>
    public const string Deleted = "Deleted";
}
