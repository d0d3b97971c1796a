using System.Diagnostics.Metrics;

namespace EndpointStats.Analytics;

/// <summary>The <c>EndpointStats.Analytics</c> meter: ingestion volume, dedupe, drops, batch sizes, write latency and lag.</summary>
public sealed class AnalyticsMetrics
{
    public const string MeterName = "EndpointStats.Analytics";
    private readonly Counter<long> _received;
    private readonly Counter<long> _written;
    private readonly Counter<long> _deduplicated;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _compacted;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _writeSeconds;
    private readonly Histogram<double> _lagSeconds;

    public AnalyticsMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        _received = meter.CreateCounter<long>("endpointstats.analytics.events.received", "{event}", "Events received for storage");
        _written = meter.CreateCounter<long>("endpointstats.analytics.events.written", "{event}", "Events stored for the first time");
        _deduplicated = meter.CreateCounter<long>("endpointstats.analytics.events.deduplicated", "{event}", "Events ignored because their id was already stored");
        _dropped = meter.CreateCounter<long>("endpointstats.analytics.events.dropped", "{event}", "Events rejected (invalid, or older than raw retention)");
        _compacted = meter.CreateCounter<long>("endpointstats.analytics.rollup_deltas.compacted", "{delta}", "Rollup deltas folded into the hourly and daily rollups");
        _batchSize = meter.CreateHistogram<int>("endpointstats.analytics.batch.size", "{event}", "Events per stored batch",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 100, 500, 1000, 2500, 5000, 10000, 50000] });
        _writeSeconds = meter.CreateHistogram<double>("endpointstats.analytics.write.duration", "s", "Time to store one batch",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _lagSeconds = meter.CreateHistogram<double>("endpointstats.analytics.ingest.lag", "s", "From an event's timestamp to its storage",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600] });
    }

    public void Stored(int received, int written, TimeSpan elapsed, double lagSeconds)
    {
        _received.Add(received);
        _written.Add(written);
        _deduplicated.Add(received - written);
        _batchSize.Record(received);
        _writeSeconds.Record(elapsed.TotalSeconds);
        _lagSeconds.Record(Math.Max(0, lagSeconds));
    }

    public void Dropped(int count) => _dropped.Add(count);

    public void Compacted(int count)
    {
        if (count > 0)
        {
            _compacted.Add(count);
        }
    }
}
