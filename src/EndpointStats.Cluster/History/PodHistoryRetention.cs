using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Cluster.History;

/// <summary>Deletes history older than <c>Cluster:HistoryRetentionDays</c>, shortly after start and then hourly.</summary>
public sealed class PodHistoryRetention(
    PodHistoryStore store, IOptions<ClusterOptions> options, TimeProvider time, ILogger<PodHistoryRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.HistoryRetentionDays);
        var removed = await store.PurgeAsync(cutoff, cancellationToken);
        if (removed > 0)
        {
            ClusterLog.HistoryPurged(logger, removed, cutoff);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                ClusterLog.HistoryPurgeFailed(logger, ex);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}
