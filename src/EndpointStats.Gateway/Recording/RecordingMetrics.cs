using System.Diagnostics.Metrics;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The gateway's <c>EndpointStats.Gateway</c> meter: what recording hands off, ships, retries and drops. Per-request counts
/// are kept by the buffer in plain fields and observed at scrape time, so a request pays no instrument call.
/// </summary>
public sealed class RecordingMetrics
{
    public const string MeterName = "EndpointStats.Gateway";
    private readonly Meter _meter;
    private readonly Counter<long> _shipped;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rejected;
    private int _keyRejected;

    public RecordingMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        _shipped = _meter.CreateCounter<long>("endpointstats.gateway.events.shipped", "{event}", "Request events delivered to analytics");
        _retries = _meter.CreateCounter<long>("endpointstats.gateway.batches.retried", "{batch}", "Batch deliveries that failed and will be retried");
        _rejected = _meter.CreateCounter<long>("endpointstats.gateway.batches.rejected", "{batch}",
            "Batch deliveries refused by analytics for a wrong or missing Analytics:IngestKey (401/403)");
        _meter.CreateObservableGauge("endpointstats.gateway.ingest_key.rejected", () => Volatile.Read(ref _keyRejected), "{state}",
            "1 while analytics refuses this gateway's Analytics:IngestKey, else 0");
    }

    /// <summary>True while the last delivery was refused for the ingestion key.</summary>
    public bool KeyRejected => Volatile.Read(ref _keyRejected) == 1;

    public void Shipped(int count)
    {
        _shipped.Add(count);
        Volatile.Write(ref _keyRejected, 0);
    }

    public void Retried() => _retries.Add(1);

    public void Rejected()
    {
        _rejected.Add(1);
        Volatile.Write(ref _keyRejected, 1);
    }

    public void ObserveBuffer(Func<int> buffered, Func<long> recorded, Func<long> dropped)
    {
        _meter.CreateObservableGauge("endpointstats.gateway.events.buffered", buffered, "{event}", "Request events waiting to be delivered");
        _meter.CreateObservableCounter("endpointstats.gateway.events.recorded", recorded, "{event}", "Request events handed to the buffer");
        _meter.CreateObservableCounter("endpointstats.gateway.events.dropped", dropped, "{event}", "Request events dropped because the buffer was full");
    }
}
