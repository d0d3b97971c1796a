namespace EndpointStats.Cluster.Cache;

/// <summary>Told of every change a cache applies, in order, on the informer's own task.</summary>
public interface IResourceObserver<in TView>
{
    /// <summary>A full list replaced the cache: <paramref name="current"/> is everything there is now.</summary>
    void Replaced(string @namespace, IReadOnlyCollection<TView> current);

    void Upserted(string @namespace, TView view);

    void Deleted(string @namespace, TView view);
}
