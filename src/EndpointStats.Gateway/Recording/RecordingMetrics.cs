using System.Diagnostics.Metrics;

namespace EndpointStats.Gateway.Recording;

/// <summary>The gateway's <c>EndpointStats.Gateway</c> meter: what recording hands off, ships, retries and drops.</summary>
public sealed class RecordingMetrics
{
    public const string MeterName = "EndpointStats.Gateway";
    private readonly Meter _meter;
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _shipped;
    private readonly Counter<long> _retries;

    public RecordingMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        _recorded = _meter.CreateCounter<long>("endpointstats.gateway.events.recorded", "{event}", "Request events handed to the buffer");
        _dropped = _meter.CreateCounter<long>("endpointstats.gateway.events.dropped", "{event}", "Request events dropped because the buffer was full");
        _shipped = _meter.CreateCounter<long>("endpointstats.gateway.events.shipped", "{event}", "Request events delivered to analytics");
        _retries = _meter.CreateCounter<long>("endpointstats.gateway.batches.retried", "{batch}", "Batch deliveries that failed and will be retried");
    }

    public void Recorded() => _recorded.Add(1);

    public void Dropped() => _dropped.Add(1);

    public void Shipped(int count) => _shipped.Add(count);

    public void Retried() => _retries.Add(1);

    public void ObserveBuffered(Func<int> count) =>
        _meter.CreateObservableGauge("endpointstats.gateway.events.buffered", count, "{event}", "Request events waiting to be delivered");
}
