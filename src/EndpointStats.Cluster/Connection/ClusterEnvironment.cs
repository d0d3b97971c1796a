using k8s;

namespace EndpointStats.Cluster.Connection;

/// <summary>What the connection is resolved from besides settings: environment variables, the home directory, the pod.</summary>
public sealed record ClusterEnvironment(Func<string, string?> Variable, string? HomeDirectory, bool InCluster)
{
    public static ClusterEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        KubernetesClientConfiguration.IsInCluster());
}
