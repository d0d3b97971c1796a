using System.Diagnostics;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Ingestion;

/// <summary>
/// The one way into the store, for the in-process gateway and the collect endpoints alike. Events older than raw retention
/// are rejected (their partition may be gone, so their id could no longer be checked); the rest are stored exactly once.
/// </summary>
public sealed class EventIngestor(
    AnalyticsStore store,
    AnalyticsMetrics metrics,
    TimeProvider time,
    IOptions<AnalyticsOptions> options,
    ILogger<EventIngestor> logger) : IRequestEventBatchSink
{
    /// <summary>The gateway's batches in this process: each event offered once (<see cref="EventDelivery.InProcess"/>).</summary>
    public async Task WriteAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken) =>
        await StoreAsync(batch, EventDelivery.InProcess, cancellationToken);

    /// <summary>A batch that may repeat events sent before (the collect endpoints); returns how many events were new.</summary>
    public Task<int> StoreAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken) =>
        StoreAsync(batch, EventDelivery.MayRepeat, cancellationToken);

    private async Task<int> StoreAsync(IReadOnlyList<RequestEvent> batch, EventDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now.Date.AddDays(-options.Value.RawRetentionDays);
        var accepted = batch.All(e => e.Timestamp >= oldest) ? batch : batch.Where(e => e.Timestamp >= oldest).ToList();
        if (accepted.Count < batch.Count)
        {
            metrics.Dropped(batch.Count - accepted.Count);
            AnalyticsLog.TooOld(logger, batch.Count - accepted.Count, options.Value.RawRetentionDays);
        }

        if (accepted.Count == 0)
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var written = await store.WriteAsync(accepted, delivery, cancellationToken);
        var oldestEvent = accepted.Min(e => e.Timestamp);
        metrics.Stored(accepted.Count, written, Stopwatch.GetElapsedTime(started), (now - oldestEvent).TotalSeconds);
        return written;
    }
}
