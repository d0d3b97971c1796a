using EndpointStats.Analytics.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Maintenance;

/// <summary>
/// Folds the rollup deltas that ingestion appends into the hourly and daily rollups every
/// <c>Analytics:RollupCompactionMilliseconds</c>, draining a backlog in chunks. Queries read pending deltas too, so the
/// interval bounds the size of what they merge, not what they see.
/// </summary>
public sealed class RollupCompactor(AnalyticsStore store, AnalyticsMetrics metrics, IOptions<AnalyticsOptions> options, ILogger<RollupCompactor> logger)
    : BackgroundService
{
    public const int ChunkSize = 50_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RollupCompactionMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CompactAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CompactAsync(CancellationToken stoppingToken)
    {
        try
        {
            int folded;
            do
            {
                folded = await store.CompactAsync(ChunkSize, stoppingToken);
                metrics.Compacted(folded);
            }
            while (folded == ChunkSize);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The database may be down; deltas wait, and queries still read them.
            AnalyticsLog.CompactionFailed(logger, ex.Message);
        }
    }
}
