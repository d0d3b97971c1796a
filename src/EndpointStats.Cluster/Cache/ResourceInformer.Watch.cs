using System.Net;
using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Cache;

public sealed partial class ResourceInformer<T, TView>
{
    private static readonly TimeSpan ShortestNormalWatch = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(10);

    private async Task<(WatchOutcome Outcome, string Version, string? Error, bool Healthy)> WatchAsync(string version, CancellationToken cancellationToken)
    {
        var received = false;
        var opened = time.GetUtcNow();
        // Spread between the timeout and twice it (client-go's choice), so the watches of many replicas do not all end together.
        var timeout = options.WatchTimeoutSeconds + Random.Shared.Next(options.WatchTimeoutSeconds);
        try
        {
            await foreach (var change in client.WatchAsync(kind.Path(@namespace), version, timeout, kind.Watch, cancellationToken))
            {
                received = true;
                if (change.Object?.Metadata?.ResourceVersion is { Length: > 0 } itemVersion)
                {
                    version = itemVersion;
                }

                if (change.Object is { } item)
                {
                    Apply(change.Type, item);
                }

                state.InSync(time.GetUtcNow());
            }
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Gone)
        {
            // As a response status or as an ERROR line in the stream: the version is too old, re-list.
            return (WatchOutcome.Expired, version, null, Healthy());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (WatchOutcome.Failed, version, ex.Message, Healthy());
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

    private void Apply(string? type, T item)
    {
        metrics.WatchEvent(kind.Name, WatchEventName(type));
        switch (type)
        {
            case "ADDED" or "MODIFIED":
                var view = project(item);
                store.Upsert(view);
                observer?.Upserted(@namespace, view);
                break;
            case "DELETED":
                var removed = store.Remove(item.Metadata?.Name ?? "");
                observer?.Deleted(@namespace, removed ?? project(item));
                break;
        }
    }

    // The metric's type label keeps the client's spelling (Added, Modified, Deleted, Bookmark), bounded to known values.
    private static string WatchEventName(string? type) => type switch
    {
        "ADDED" => "Added",
        "MODIFIED" => "Modified",
        "DELETED" => "Deleted",
        "BOOKMARK" => "Bookmark",
        _ => "Other",
    };
}
