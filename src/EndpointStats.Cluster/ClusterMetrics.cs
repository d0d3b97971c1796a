using System.Diagnostics.Metrics;

namespace EndpointStats.Cluster;

/// <summary>Watch traffic and re-lists per kind: a rising re-list rate is the first sign of an unhealthy API server connection.</summary>
public sealed class ClusterMetrics : IDisposable
{
    public const string MeterName = "EndpointStats.Cluster";

    private readonly Meter _meter;
    private readonly Counter<long> _watchEvents;
    private readonly Counter<long> _lists;

    public ClusterMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _watchEvents = _meter.CreateCounter<long>("cluster.watch.events", "{event}", "Watch events received from the Kubernetes API server.");
        _lists = _meter.CreateCounter<long>("cluster.lists", "{list}", "Full lists of a kind, by reason (start, expired, dropped).");
    }

    public void WatchEvent(string kind, string type) =>
        _watchEvents.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("type", type));

    public void Listed(string kind, string reason) =>
        _lists.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
