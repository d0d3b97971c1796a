using EndpointStats.Images.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Images.Cleanup;

/// <summary>
/// Removes files that have no metadata (an upload or a deletion interrupted by a crash) and abandoned temp files, once
/// they are older than <c>Images:OrphanGracePeriod</c> so uploads in flight are never touched.
/// </summary>
public sealed class OrphanCleanup(ImageFiles files, ImageStore store, IOptions<ImagesOptions> options, ImagesMetrics metrics, TimeProvider time,
    ILogger<OrphanCleanup> logger)
    : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.OrphanGracePeriod;
        var old = files.Enumerate().Where(f => f.LastWriteUtc <= cutoff && (f.IsTemp || f.Id is not null)).ToList();
        var existing = await store.ExistingAsync(old.Where(f => f.Id is not null).Select(f => f.Id!).ToList(), cancellationToken);
        var removed = 0;
        foreach (var file in old.Where(f => f.IsTemp || !existing.Contains(f.Id!)))
        {
            try
            {
                File.Delete(file.Path);
                removed++;
            }
            catch (IOException)
            {
                // In use or already gone: the next pass decides again.
            }
        }

        if (removed > 0)
        {
            ImagesLog.OrphansRemoved(logger, removed, files.Root);
            metrics.OrphansRemoved(removed);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not at the very start: migrations and readiness come first.
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ImagesLog.CleanupFailed(logger, ex, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
