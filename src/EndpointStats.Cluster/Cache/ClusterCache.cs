using EndpointStats.Cluster.Connection;

namespace EndpointStats.Cluster.Cache;

/// <summary>The caches of every watched namespace; HTTP answers read only from here, never from the API server.</summary>
public sealed class ClusterCache
{
    public ClusterCache(ClusterConnection connection)
    {
        Connection = connection;
        Namespaces = connection.Namespaces.ToDictionary(n => n, n => new NamespaceCache(n), StringComparer.Ordinal);
    }

    public ClusterConnection Connection { get; }

    public IReadOnlyDictionary<string, NamespaceCache> Namespaces { get; }

    public string DefaultNamespace => Connection.Namespaces[0];
}
