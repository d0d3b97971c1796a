using System.Diagnostics;
using EndpointStats.Analytics.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Maintenance;

/// <summary>Creates partitions ahead and applies retention at start and then every <c>Analytics:MaintenanceIntervalSeconds</c>.</summary>
public sealed class AnalyticsMaintenanceService(
    AnalyticsStore store,
    TimeProvider time,
    IOptions<AnalyticsOptions> options,
    ILogger<AnalyticsMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.MaintenanceIntervalSeconds), time);
        do
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                await store.MaintainAsync(time.GetUtcNow().UtcDateTime, settings.RawRetentionDays, settings.RollupRetentionDays, stoppingToken);
                AnalyticsLog.MaintenanceDone(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, settings.RawRetentionDays, settings.RollupRetentionDays);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be down or still migrating; the next tick tries again.
                AnalyticsLog.MaintenanceFailed(logger, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
