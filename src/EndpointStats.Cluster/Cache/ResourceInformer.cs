using System.Net;
using EndpointStats.Cluster.Kube;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Cluster.Cache;

/// <summary>
/// List-then-watch for one kind in one namespace, as client-go's reflector does: list (in pages), then watch from the list's
/// resource version; resume the watch after a normal close, re-list at once after 410 Gone, and re-list with backoff when
/// the API server cannot be reached or the watch drops.
/// </summary>
public sealed partial class ResourceInformer<T, TView>(
    ResourceKind<T> kind,
    string @namespace,
    KubeApiClient client,
    ResourceStore<TView> store,
    Func<T, TView> project,
    InformerState state,
    IResourceObserver<TView>? observer,
    ClusterOptions options,
    ClusterMetrics metrics,
    TimeProvider time,
    ILogger logger)
    where T : IKubeObject
    where TView : class
{
    private enum WatchOutcome { Closed, Expired, Failed }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.MaxBackoffSeconds));
        var reason = "start";
        while (!cancellationToken.IsCancellationRequested)
        {
            string version;
            try
            {
                version = await ListAsync(reason, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                state.Failed(ex.Message);
                ClusterLog.ListFailed(logger, kind.Name, @namespace, ex.Message, Math.Round(delay.TotalSeconds, 1));
                await Task.Delay(delay, time, cancellationToken);
                continue;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var (outcome, next, error, healthy) = await WatchAsync(version, cancellationToken);
                version = next;
                if (healthy)
                {
                    backoff.Reset();
                }

                if (outcome == WatchOutcome.Closed)
                {
                    continue;
                }

                if (outcome == WatchOutcome.Expired)
                {
                    ClusterLog.WatchExpired(logger, kind.Name, @namespace);
                    reason = "expired";
                    break;
                }

                var delay = backoff.Next();
                state.Failed(error ?? "watch failed");
                ClusterLog.WatchDropped(logger, kind.Name, @namespace, error ?? "unknown", Math.Round(delay.TotalSeconds, 1));
                await Task.Delay(delay, time, cancellationToken);
                reason = "dropped";
                break;
            }
        }
    }

    private async Task<string> ListAsync(string reason, CancellationToken cancellationToken)
    {
        var items = new List<TView>();
        string? next = null;
        string version;
        while (true)
        {
            ResourceList<T> page;
            try
            {
                page = await client.ListAsync(kind.Path(@namespace), ResourceKinds.PageSize, next, kind.List, cancellationToken);
            }
            catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Gone && next is not null)
            {
                // The continue token expired between pages: start the list over, as client-go's pager does.
                items.Clear();
                next = null;
                continue;
            }

            items.AddRange((page.Items ?? []).Select(project));
            version = page.Metadata?.ResourceVersion ?? "";
            next = page.Metadata?.Continue;
            if (string.IsNullOrEmpty(next))
            {
                break;
            }
        }

        var wasDown = state.LastError is not null;
        store.Replace(items);
        observer?.Replaced(@namespace, items);
        state.InSync(time.GetUtcNow());
        metrics.Listed(kind.Name, reason);
        ClusterLog.Listed(logger, items.Count, kind.Name, @namespace, version);
        if (wasDown)
        {
            ClusterLog.Reconnected(logger, kind.Name, @namespace);
        }

        return version;
    }
}
