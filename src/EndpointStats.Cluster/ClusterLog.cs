using Microsoft.Extensions.Logging;

namespace EndpointStats.Cluster;

/// <summary>Log messages of the cluster module; event ids 6000-6099.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(6000, LogLevel.Information, "Kubernetes not configured ({Reason}); /api/cluster answers 503 until it is")]
    public static partial void NotConfigured(ILogger logger, string reason);

    [LoggerMessage(6001, LogLevel.Information, "Watching namespaces {Namespaces} through {Source} at {Host}")]
    public static partial void Watching(ILogger logger, string namespaces, string source, string host);

    [LoggerMessage(6002, LogLevel.Information, "Listed {Count} {Kind} in {Namespace} at resource version {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int count, string kind, string @namespace, string resourceVersion);

    [LoggerMessage(6003, LogLevel.Warning, "Listing {Kind} in {Namespace} failed ({Reason}); retrying in {DelaySeconds} s")]
    public static partial void ListFailed(ILogger logger, string kind, string @namespace, string reason, double delaySeconds);

    [LoggerMessage(6004, LogLevel.Information, "Watch of {Kind} in {Namespace} expired (410 Gone); re-listing")]
    public static partial void WatchExpired(ILogger logger, string kind, string @namespace);

    [LoggerMessage(6005, LogLevel.Warning, "Watch of {Kind} in {Namespace} dropped ({Reason}); re-listing in {DelaySeconds} s")]
    public static partial void WatchDropped(ILogger logger, string kind, string @namespace, string reason, double delaySeconds);

    [LoggerMessage(6006, LogLevel.Information, "Kubernetes API server reachable again for {Kind} in {Namespace}")]
    public static partial void Reconnected(ILogger logger, string kind, string @namespace);

    [LoggerMessage(6007, LogLevel.Error, "Writing {Count} pod history rows failed; they are dropped")]
    public static partial void HistoryWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(6008, LogLevel.Information, "Pod history retention removed {Count} rows older than {Cutoff}")]
    public static partial void HistoryPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(6009, LogLevel.Warning, "Pod history retention failed")]
    public static partial void HistoryPurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(6010, LogLevel.Warning, "Reading the last pod history states failed ({Reason}); retrying")]
    public static partial void HistoryLoadRetry(ILogger logger, string reason);
}
