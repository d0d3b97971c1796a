using System.Text.Json.Serialization.Metadata;
using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Cache;

/// <summary>
/// How one kind is listed (in pages, as kubectl and informers do) and watched. Only <c>list</c> and <c>watch</c> are used:
/// the role's RBAC Role grants get, list and watch on pods, deployments, replicasets and events, nothing else.
/// </summary>
public sealed record ResourceKind<T>(string Name, string PathFormat, JsonTypeInfo<ResourceList<T>> List, JsonTypeInfo<WatchEvent<T>> Watch)
    where T : IKubeObject
{
    public string Path(string @namespace) => string.Format(System.Globalization.CultureInfo.InvariantCulture, PathFormat, Uri.EscapeDataString(@namespace));
}

public static class ResourceKinds
{
    /// <summary>The page size client-go's pager and kubectl use.</summary>
    public const int PageSize = 500;

    public static readonly ResourceKind<Pod> Pods = new(
        "pods", "api/v1/namespaces/{0}/pods", KubeJsonContext.Default.ResourceListPod, KubeJsonContext.Default.WatchEventPod);

    public static readonly ResourceKind<Deployment> Deployments = new(
        "deployments", "apis/apps/v1/namespaces/{0}/deployments",
        KubeJsonContext.Default.ResourceListDeployment, KubeJsonContext.Default.WatchEventDeployment);

    public static readonly ResourceKind<ReplicaSet> ReplicaSets = new(
        "replicasets", "apis/apps/v1/namespaces/{0}/replicasets",
        KubeJsonContext.Default.ResourceListReplicaSet, KubeJsonContext.Default.WatchEventReplicaSet);

    public static readonly ResourceKind<KubeEvent> Events = new(
        "events", "api/v1/namespaces/{0}/events", KubeJsonContext.Default.ResourceListKubeEvent, KubeJsonContext.Default.WatchEventKubeEvent);
}
