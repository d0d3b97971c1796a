using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Hosting;

/// <summary>Log messages of the shared hosting layer; event ids 1000-1099 are reserved for it.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(1000, LogLevel.Information, "Started roles {Roles}; database {Database}; Redis {Redis}")]
    public static partial void Started(ILogger logger, string roles, string database, string redis);

    [LoggerMessage(1001, LogLevel.Information, "Applied migration {Module} {Version} ({Name}) on {Provider}")]
    public static partial void MigrationApplied(ILogger logger, string module, int version, string name, DatabaseProvider provider);

    [LoggerMessage(1002, LogLevel.Warning, "Applied migration {Module} {Version} ({Name}) differs from the one this binary ships; it is not re-applied")]
    public static partial void MigrationChecksumMismatch(ILogger logger, string module, int version, string name);

    [LoggerMessage(1003, LogLevel.Warning, "Database not reachable at start ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void DatabaseNotReachableAtStart(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(1004, LogLevel.Warning, "Schema of {Module} is at version {Applied}, newer than this binary's {Latest}; running anyway")]
    public static partial void SchemaNewerThanBinary(ILogger logger, string module, int applied, int latest);

    [LoggerMessage(1005, LogLevel.Warning, "Health check {Check} failed: {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, string check, string reason);

    [LoggerMessage(1006, LogLevel.Information, "Redis connection {State}: {Endpoint}")]
    public static partial void RedisConnection(ILogger logger, string state, string endpoint);

    [LoggerMessage(1007, LogLevel.Error, "Unhandled exception on {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);
}
