using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Views;

/// <summary>Replica sets are watched only to tell which deployment owns a pod.</summary>
public sealed record ReplicaSetView(string Name, string Uid, string? Deployment)
{
    public static ReplicaSetView From(ReplicaSet replicaSet) => new(
        replicaSet.Metadata?.Name ?? "",
        replicaSet.Metadata?.Uid ?? "",
        replicaSet.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Deployment")?.Name);
}
