using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Gateway.Recording;

/// <summary>Log messages of request recording beyond <see cref="GatewayLog"/>; event ids 7100-7199.</summary>
internal static partial class RecordingLog
{
    [LoggerMessage(7100, LogLevel.Error, "Analytics refused {Count} request events with {Status}: the gateway's " + IngestKeyHeader.Setting +
        " does not match the analytics role's. Events stay buffered (up to Analytics:BufferLimit, then dropped and counted); retrying every {DelayMs} ms")]
    public static partial void IngestKeyRejected(ILogger logger, int count, int status, int delayMs);
}
