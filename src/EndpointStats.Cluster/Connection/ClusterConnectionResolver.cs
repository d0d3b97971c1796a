using EndpointStats.Hosting;
using k8s;

namespace EndpointStats.Cluster.Connection;

/// <summary>
/// In a pod: the service account. Otherwise <c>Cluster:KubeConfig</c>, <c>KUBECONFIG</c> or <c>~/.kube/config</c> (context
/// <c>Cluster:Context</c>). Neither is a valid state, not an error; a configuration that is present but broken stops start-up.
/// </summary>
public static class ClusterConnectionResolver
{
    public const string HowToConfigure =
        "Kubernetes is not configured. Run the cluster role in a pod with a service account, or point KUBECONFIG " +
        "(or the setting Cluster:KubeConfig) at a kubeconfig file, or create ~/.kube/config; choose the context with " +
        "Cluster:Context and the namespaces with Cluster:Namespaces.";

    public static ClusterConnection Resolve(ClusterOptions options, ClusterEnvironment environment)
    {
        var explicitFile = string.IsNullOrWhiteSpace(options.KubeConfig) ? null : options.KubeConfig;
        if (explicitFile is null && environment.InCluster)
        {
            var inCluster = KubernetesClientConfiguration.InClusterConfig();
            return Connected(inCluster, "in-cluster service account", options);
        }

        if (explicitFile is not null && !File.Exists(explicitFile))
        {
            throw new InvalidConfigurationException("Cluster:KubeConfig", $"the file '{explicitFile}' does not exist.");
        }

        var file = explicitFile ?? FindKubeConfig(environment);
        if (file is null)
        {
            return new ClusterConnection { Source = "not configured", Namespaces = NamespacesFor(options, null) };
        }

        var context = string.IsNullOrWhiteSpace(options.Context) ? null : options.Context;
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(file, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidConfigurationException(
                context is null ? "Cluster:KubeConfig" : "Cluster:Context", $"kubeconfig '{file}' is not usable: {ex.Message}");
        }

        return Connected(config, $"kubeconfig {file} (context {config.CurrentContext})", options);
    }

    private static ClusterConnection Connected(KubernetesClientConfiguration config, string source, ClusterOptions options) =>
        new() { Config = config, Source = source, Namespaces = NamespacesFor(options, config.Namespace) };

    private static List<string> NamespacesFor(ClusterOptions options, string? configured)
    {
        var listed = options.Namespaces.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return listed.Count > 0 ? listed : [string.IsNullOrWhiteSpace(configured) ? "default" : configured];
    }

    /// <summary>kubectl's order: every file named in <c>KUBECONFIG</c> (the first that exists is used), else <c>~/.kube/config</c>.</summary>
    private static string? FindKubeConfig(ClusterEnvironment environment)
    {
        var variable = environment.Variable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
        }

        if (string.IsNullOrEmpty(environment.HomeDirectory))
        {
            return null;
        }

        var home = Path.Combine(environment.HomeDirectory, ".kube", "config");
        return File.Exists(home) ? home : null;
    }
}
