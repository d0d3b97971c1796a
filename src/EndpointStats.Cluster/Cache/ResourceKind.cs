using k8s;
using k8s.Models;

namespace EndpointStats.Cluster.Cache;

/// <summary>
/// How one kind is listed (in pages, as kubectl and informers do) and watched. Only <c>list</c> and <c>watch</c> are used:
/// the role's RBAC Role grants get, list and watch on pods, deployments, replicasets and events, nothing else.
/// </summary>
public sealed record ResourceKind<T, TList>(
    string Name,
    Func<IKubernetes, string, string?, CancellationToken, Task<TList>> ListPage,
    Func<IKubernetes, string, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> Watch)
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IMetadata<V1ListMeta>;

public static class ResourceKinds
{
    /// <summary>The page size client-go's pager and kubectl use.</summary>
    public const int PageSize = 500;

    public static readonly ResourceKind<V1Pod, V1PodList> Pods = new(
        "pods",
        (client, ns, next, ct) => client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: next, limit: PageSize, cancellationToken: ct),
        (client, ns, version, timeout, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
            ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static readonly ResourceKind<V1Deployment, V1DeploymentList> Deployments = new(
        "deployments",
        (client, ns, next, ct) => client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: next, limit: PageSize, cancellationToken: ct),
        (client, ns, version, timeout, onError, ct) => client.AppsV1.WatchListNamespacedDeploymentAsync(
            ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static readonly ResourceKind<V1ReplicaSet, V1ReplicaSetList> ReplicaSets = new(
        "replicasets",
        (client, ns, next, ct) => client.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: next, limit: PageSize, cancellationToken: ct),
        (client, ns, version, timeout, onError, ct) => client.AppsV1.WatchListNamespacedReplicaSetAsync(
            ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static readonly ResourceKind<Corev1Event, Corev1EventList> Events = new(
        "events",
        (client, ns, next, ct) => client.CoreV1.ListNamespacedEventAsync(ns, continueParameter: next, limit: PageSize, cancellationToken: ct),
        (client, ns, version, timeout, onError, ct) => client.CoreV1.WatchListNamespacedEventAsync(
            ns, allowWatchBookmarks: true, resourceVersion: version, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
}
