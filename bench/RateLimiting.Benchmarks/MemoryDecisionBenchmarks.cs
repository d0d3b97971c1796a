using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Memory;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// One in-memory decision on one core, over 1,024 client keys, against ASP.NET Core's built-in limiter (a token bucket per key
/// from System.Threading.RateLimiting) doing the same job in the same run.
/// </summary>
[MemoryDiagnoser]
public class MemoryDecisionBenchmarks
{
    private const int Keys = 1024;
    private readonly string[] _keys = Enumerable.Range(0, Keys).Select(i => $"ip:10.0.{i / 256}.{i % 256}").ToArray();
    private readonly LimitCheck[][] _single = new LimitCheck[Keys][];
    private readonly LimitCheck[][] _triple = new LimitCheck[Keys][];
    private MemoryRateLimitStore _store = null!;
    private PartitionedRateLimiter<string> _builtIn = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _store = new MemoryRateLimitStore(TimeProvider.System);
        // Limits high enough that every decision is an allowed one that consumes: the common, full-work path.
        var perClient = new RateLimit("client", 1_000_000_000, TimeSpan.FromHours(1));
        var perSecond = new RateLimit("burst", 1_000_000, TimeSpan.FromSeconds(1), burst: 1_000_000_000);
        var perRoute = new RateLimit("route", 100_000_000, TimeSpan.FromMinutes(1), burst: 1_000_000_000);
        for (var i = 0; i < Keys; i++)
        {
            _single[i] = [new LimitCheck(perClient, _keys[i])];
            _triple[i] = [new LimitCheck(perSecond, _keys[i]), new LimitCheck(perClient, _keys[i]), new LimitCheck(perRoute, "route:/")];
        }

        _builtIn = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1_000_000_000,
            TokensPerPeriod = 1_000_000_000,
            ReplenishmentPeriod = TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _builtIn.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ASP.NET Core token bucket per key (baseline)")]
    public bool BuiltInTokenBucket()
    {
        using var lease = _builtIn.AttemptAcquire(_keys[Next()]);
        return lease.IsAcquired;
    }

    [Benchmark(Description = "GCRA memory, 1 limit")]
    public bool GcraOneLimit() => _store.Decide(_single[Next()], 1).Allowed;

    [Benchmark(Description = "GCRA memory, 3 limits all-or-nothing")]
    public bool GcraThreeLimits() => _store.Decide(_triple[Next()], 1).Allowed;

    private int Next() => _next = (_next + 1) & (Keys - 1);
}
