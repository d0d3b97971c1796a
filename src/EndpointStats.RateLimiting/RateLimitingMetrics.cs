using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EndpointStats.RateLimiting;

/// <summary>The <c>EndpointStats.RateLimiting</c> meter. Labels are rule names, outcomes and stores, never client keys.</summary>
public sealed class RateLimitingMetrics
{
    public const string MeterName = "EndpointStats.RateLimiting";

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _nearLimit;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _storeErrors;
    private readonly Counter<long> _reloads;

    public RateLimitingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>("ratelimit.decisions", "{decision}", "Rate-limit decisions by rule and outcome (allowed, limited, shadow_limited, degraded, unavailable).");
        _nearLimit = meter.CreateCounter<long>("ratelimit.near_limit", "{decision}", "Allowed decisions that left 20% or less of the limit.");
        _latency = meter.CreateHistogram<double>(
            "ratelimit.decision.duration",
            "s",
            "Time to decide, by store.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });
        _storeErrors = meter.CreateCounter<long>("ratelimit.store.errors", "{error}", "Failed or timed-out calls to the shared store.");
        _reloads = meter.CreateCounter<long>("ratelimit.rules.reloads", "{reload}", "Rule reloads by result (applied, rejected).");
    }

    public void Decision(string rule, string outcome) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("outcome", outcome));

    public void NearLimit(string rule) => _nearLimit.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void Latency(string store, long startTimestamp) =>
        _latency.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("store", store));

    public void StoreError(string reason) => _storeErrors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Reload(string result) => _reloads.Add(1, new KeyValuePair<string, object?>("result", result));
}
