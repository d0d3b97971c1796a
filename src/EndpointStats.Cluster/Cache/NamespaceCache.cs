using EndpointStats.Cluster.Views;

namespace EndpointStats.Cluster.Cache;

/// <summary>Everything watched in one namespace: a store and a sync state per kind.</summary>
public sealed class NamespaceCache(string name)
{
    public string Name { get; } = name;

    public ResourceStore<PodView> Pods { get; } = new(p => p.Name);

    public ResourceStore<DeploymentView> Deployments { get; } = new(d => d.Name);

    public ResourceStore<ReplicaSetView> ReplicaSets { get; } = new(r => r.Name);

    public ResourceStore<EventView> Events { get; } = new(e => e.Name);

    /// <summary>The last serialised unfiltered pod list, reused while nothing changed within the same second (ages have second resolution).</summary>
    public SerializedAnswer PodList { get; } = new();

    public InformerState PodsState { get; } = new("pods", name);

    public InformerState DeploymentsState { get; } = new("deployments", name);

    public InformerState ReplicaSetsState { get; } = new("replicasets", name);

    public InformerState EventsState { get; } = new("events", name);

    public IReadOnlyList<InformerState> States => [PodsState, DeploymentsState, ReplicaSetsState, EventsState];

    public bool HasSynced => States.All(s => s.HasSynced);

    public bool Connected => States.All(s => s.Connected);

    /// <summary>The oldest of the kinds' last sync times: the answer is at least this fresh.</summary>
    public DateTimeOffset? LastSync(DateTimeOffset now) =>
        States.Select(s => s.LastSync(now)).Aggregate((DateTimeOffset?)now, (min, t) => t is null || min is null ? null : t < min ? t : min);

    /// <summary>Replica set name to owning deployment, taken once per answer instead of once per pod.</summary>
    public Dictionary<string, string?> ReplicaSetOwners() =>
        ReplicaSets.Snapshot().ToDictionary(r => r.Name, r => r.Deployment, StringComparer.Ordinal);

    /// <summary>
    /// The deployment owning a pod through its replica set. Before the replica set is cached (events of different kinds race),
    /// the name is derived the way the deployment controller builds it: <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>.
    /// </summary>
    public static string? DeploymentOf(PodView pod, IReadOnlyDictionary<string, string?> replicaSetOwners)
    {
        if (pod.ReplicaSet is null)
        {
            return null;
        }

        if (replicaSetOwners.TryGetValue(pod.ReplicaSet, out var deployment))
        {
            return deployment;
        }

        var suffix = "-" + pod.TemplateHash;
        return pod.TemplateHash is not null && pod.ReplicaSet.EndsWith(suffix, StringComparison.Ordinal)
            ? pod.ReplicaSet[..^suffix.Length]
            : null;
    }
}
