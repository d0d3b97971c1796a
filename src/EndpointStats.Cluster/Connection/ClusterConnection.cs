using k8s;

namespace EndpointStats.Cluster.Connection;

/// <summary>How this process reaches the Kubernetes API server, or why it does not.</summary>
public sealed record ClusterConnection
{
    /// <summary>Null when Kubernetes is not configured (a laptop without a cluster, which is not a fault).</summary>
    public KubernetesClientConfiguration? Config { get; init; }

    /// <summary>Where the configuration came from, for logs: the service account or the kubeconfig path and context.</summary>
    public required string Source { get; init; }

    /// <summary>The watched namespaces; the first one is the default of every endpoint.</summary>
    public required IReadOnlyList<string> Namespaces { get; init; }

    public bool IsConfigured => Config is not null;
}
