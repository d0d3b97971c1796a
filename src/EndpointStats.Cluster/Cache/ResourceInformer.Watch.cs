using k8s;
using k8s.Autorest;

namespace EndpointStats.Cluster.Cache;

public sealed partial class ResourceInformer<T, TList, TView>
{
    private static readonly TimeSpan ShortestNormalWatch = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(10);

    private async Task<(WatchOutcome Outcome, string Version, string? Error, bool Healthy)> WatchAsync(string version, CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var received = false;
        var opened = time.GetUtcNow();
        // Spread between the timeout and twice it (client-go's choice), so the watches of many replicas do not all end together.
        var timeout = options.WatchTimeoutSeconds + Random.Shared.Next(options.WatchTimeoutSeconds);
        try
        {
            var events = kind.Watch(client, @namespace, version, timeout, e => streamError ??= e, cancellationToken);
            await foreach (var (type, item) in events.WithCancellation(cancellationToken))
            {
                received = true;
                if (item.Metadata?.ResourceVersion is { Length: > 0 } itemVersion)
                {
                    version = itemVersion;
                }

                Apply(type, item);
                state.InSync(time.GetUtcNow());
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Gone)
        {
            return (WatchOutcome.Expired, version, null, Healthy());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = ex is HttpOperationException http ? $"{(int)http.Response.StatusCode} {http.Response.ReasonPhrase}" : ex.Message;
            return (WatchOutcome.Failed, version, error, Healthy());
        }

        if (streamError is KubernetesException { Status.Code: 410 })
        {
            return (WatchOutcome.Expired, version, null, Healthy());
        }

        if (streamError is not null)
        {
            return (WatchOutcome.Failed, version, streamError.Message, Healthy());
        }

        // A watch that ends at once with nothing in it is a server refusing work, not a timeout: back off instead of spinning.
        if (!received && time.GetUtcNow() - opened < ShortestNormalWatch)
        {
            return (WatchOutcome.Failed, version, "watch closed as soon as it opened", false);
        }

        state.InSync(time.GetUtcNow());
        return (WatchOutcome.Closed, version, null, true);

        // A watch that delivered or lasted proves the connection worked: the next failure starts the backoff afresh.
        bool Healthy() => received || time.GetUtcNow() - opened >= HealthyWatch;
    }

    private void Apply(WatchEventType type, T item)
    {
        metrics.WatchEvent(kind.Name, type.ToString());
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var view = project(item);
                store.Upsert(view);
                observer?.Upserted(@namespace, view);
                break;
            case WatchEventType.Deleted:
                var removed = store.Remove(item.Metadata.Name);
                observer?.Deleted(@namespace, removed ?? project(item));
                break;
        }
    }
}
