using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Cluster;

/// <summary>The <c>Cluster</c> section: how the role reaches the Kubernetes API server and what it keeps.</summary>
public sealed record ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Namespaces to watch; empty means the pod's own namespace, else the kubeconfig context's, else <c>default</c>.</summary>
    public string[] Namespaces { get; init; } = [];

    /// <summary>The kubeconfig context to use; empty means the file's current context.</summary>
    public string? Context { get; init; }

    /// <summary>An explicit kubeconfig file; empty means <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public string? KubeConfig { get; init; }

    [Range(1, 3650)]
    public int HistoryRetentionDays { get; init; } = 30;

    /// <summary>The server-side timeout asked for on each watch; the watch is then resumed from its last resource version.</summary>
    [Range(10, 3600)]
    public int WatchTimeoutSeconds { get; init; } = 300;

    /// <summary>The ceiling of the exponential backoff between failed lists, so an outage never turns into a request storm.</summary>
    [Range(1, 600)]
    public int MaxBackoffSeconds { get; init; } = 30;
}
