using Microsoft.Extensions.Logging;

namespace EndpointStats.Analytics;

/// <summary>Log messages of the analytics module; event ids 3000-3999.</summary>
internal static partial class AnalyticsLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Analytics maintenance failed: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(3001, LogLevel.Information, "Analytics maintenance done in {ElapsedMs} ms (raw retention {RawDays} d, rollup retention {RollupDays} d)")]
    public static partial void MaintenanceDone(ILogger logger, long elapsedMs, int rawDays, int rollupDays);

    [LoggerMessage(3002, LogLevel.Warning, "Rejected {Count} events older than the raw retention of {Days} days")]
    public static partial void TooOld(ILogger logger, int count, int days);

    [LoggerMessage(3003, LogLevel.Warning, "Collect request refused: {Reason}")]
    public static partial void CollectRefused(ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Warning, "Rollup compaction failed: {Reason}")]
    public static partial void CompactionFailed(ILogger logger, string reason);
}
