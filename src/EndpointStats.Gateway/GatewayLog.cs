using Microsoft.Extensions.Logging;

namespace EndpointStats.Gateway;

/// <summary>Log messages of the gateway; event ids 7000-7999.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(7000, LogLevel.Warning, "Request event buffer full ({Capacity} events): dropped {Dropped} events since the last warning")]
    public static partial void EventsDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(7001, LogLevel.Warning, "Delivering {Count} request events failed ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void DeliveryFailed(ILogger logger, int count, string reason, int attempt, int delayMs);

    [LoggerMessage(7002, LogLevel.Information, "Request event delivery recovered after {Attempts} attempts")]
    public static partial void DeliveryRecovered(ILogger logger, int attempts);

    [LoggerMessage(7003, LogLevel.Warning, "Request recording is on but no analytics is reachable (neither the analytics role in this process nor Services:Analytics:Url); events are not recorded")]
    public static partial void NoAnalytics(ILogger logger);

    [LoggerMessage(7004, LogLevel.Warning, "Shutdown flush left {Count} request events undelivered")]
    public static partial void FlushIncomplete(ILogger logger, int count);

    [LoggerMessage(7006, LogLevel.Warning, "Services:Analytics:Url is set but Analytics:IngestKey is not; the analytics role will refuse the gateway's batches (401)")]
    public static partial void NoIngestKey(ILogger logger);

    [LoggerMessage(7005, LogLevel.Warning, "Reading endpoint statistics failed: {Reason}")]
    public static partial void StatsFailed(ILogger logger, string reason);
}
