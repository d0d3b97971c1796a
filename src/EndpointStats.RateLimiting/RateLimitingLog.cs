using Microsoft.Extensions.Logging;

namespace EndpointStats.RateLimiting;

/// <summary>Log messages of the rate-limiting module; event ids 2000-2099.</summary>
internal static partial class RateLimitingLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Rate-limit store unreachable ({Error}: {Reason}); deciding from memory or refusing, per rule, until it answers again")]
    public static partial void BreakerOpened(ILogger logger, string error, string reason);

    [LoggerMessage(2001, LogLevel.Information, "Rate-limit store: {Store}")]
    public static partial void StoreSelected(ILogger logger, string store);

    [LoggerMessage(2002, LogLevel.Information, "Rate-limit rules loaded from {Source}: {Count} rules")]
    public static partial void RulesLoaded(ILogger logger, string source, int count);

    [LoggerMessage(2003, LogLevel.Error, "Rate-limit rules from {Source} rejected, previous rules stay in force: {Problems}")]
    public static partial void RulesRejected(ILogger logger, string source, string problems);

    [LoggerMessage(2004, LogLevel.Information, "Shadow mode: rule {Rule} would refuse ({Limit}, {Outcome}) a request from {Client}; let through")]
    public static partial void ShadowLimited(ILogger logger, string rule, string limit, string outcome, string client);

    [LoggerMessage(2005, LogLevel.Information, "Rate-limit decision connection to Redis {Endpoint} is up")]
    public static partial void DecisionConnectionUp(ILogger logger, string endpoint);

    [LoggerMessage(2006, LogLevel.Warning, "Rate-limit decision connection to Redis is down ({Reason}); decisions go through the shared client while it reconnects")]
    public static partial void DecisionConnectionDown(ILogger logger, string reason);
}
