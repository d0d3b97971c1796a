using System.Threading.Channels;
using EndpointStats.Cluster.Cache;
using EndpointStats.Cluster.Views;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Cluster.History;

/// <summary>
/// Turns the pod cache's changes into history rows: a row only when a pod's printed status or node differs from the last
/// one recorded, so label updates, re-lists and restarts of this role add nothing. Rows are written in batches off the
/// informer's task, so a slow database never delays the cache.
/// </summary>
public sealed class PodHistoryRecorder(PodHistoryStore store, TimeProvider time, ILogger<PodHistoryRecorder> logger)
    : BackgroundService, IResourceObserver<PodView>
{
    private const int BatchSize = 1000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Namespace, string Name, string Status, string? Node)> _last = new(StringComparer.Ordinal);

    // Unbounded on purpose: rows are produced only by API server changes, and dropping one would corrupt the history.
    private readonly Channel<PodHistoryRow> _pending = Channel.CreateUnbounded<PodHistoryRow>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Reads the last recorded state of every pod, so that the first list after a restart records only real changes.</summary>
    public async Task LoadAsync(IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync(namespaces, cancellationToken);
        lock (_lock)
        {
            foreach (var row in latest)
            {
                _last[row.PodUid] = (row.Namespace, row.PodName, row.Status, row.Node);
            }
        }
    }

    public void Replaced(string @namespace, IReadOnlyCollection<PodView> current)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var present = current.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
            foreach (var pod in current)
            {
                Observe(@namespace, pod, now);
            }

            // Pods deleted while the watch was down never sent a DELETED event; the list is the only witness.
            var vanished = _last.Where(kv => kv.Value.Namespace == @namespace && !present.Contains(kv.Key)).ToList();
            foreach (var (uid, last) in vanished)
            {
                _last.Remove(uid);
                Enqueue(new PodHistoryRow(@namespace, last.Name, uid, PodHistoryRow.Deleted, last.Node, now));
            }
        }
    }

    public void Upserted(string @namespace, PodView view)
    {
        lock (_lock)
        {
            Observe(@namespace, view, time.GetUtcNow());
        }
    }

    public void Deleted(string @namespace, PodView view)
    {
        lock (_lock)
        {
            _last.Remove(view.Uid);
            Enqueue(new PodHistoryRow(@namespace, view.Name, view.Uid, PodHistoryRow.Deleted, view.Node, time.GetUtcNow()));
        }
    }

    private void Observe(string @namespace, PodView pod, DateTimeOffset now)
    {
        if (_last.TryGetValue(pod.Uid, out var last) && last.Status == pod.Status && last.Node == pod.Node)
        {
            return;
        }

        _last[pod.Uid] = (@namespace, pod.Name, pod.Status, pod.Node);
        Enqueue(new PodHistoryRow(@namespace, pod.Name, pod.Uid, pod.Status, pod.Node, now));
    }

    private void Enqueue(PodHistoryRow row) => _pending.Writer.TryWrite(row);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PodHistoryRow>(BatchSize);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is already queued still goes to the database, within a short budget.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await WriteBatchAsync(batch, budget.Token);
        }
    }

    private async Task WriteBatchAsync(List<PodHistoryRow> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _pending.Reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await store.InsertAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                ClusterLog.HistoryWriteFailed(logger, ex, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }
}
