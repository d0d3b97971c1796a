using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// Redis-backed decisions through the engine (timeout, breaker, fallback) from one process: closed loop with N callers for
/// throughput, or open loop at a fixed rate for latency (per call, from send to answer).
/// Prints "decisions/s p50_ms p99_ms degraded".
/// </summary>
internal static class RedisLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options["redis"]);
        using var memory = new MemoryRateLimitStore(TimeProvider.System);
        var limiter = new RateLimiter(
            new RedisRateLimitStore(redis, "bench:" + Guid.NewGuid().ToString("N")[..8]),
            memory,
            new CircuitBreaker(3, TimeSpan.FromSeconds(2), TimeProvider.System),
            new DividedLimits(1),
            TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("timeout-ms", "25"), CultureInfo.InvariantCulture)),
            new RateLimitingMetrics(services.GetRequiredService<IMeterFactory>()),
            NullLogger<RateLimiter>.Instance);
        var callers = int.Parse(options.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
        var rate = double.Parse(options.GetValueOrDefault("rate", "0"), CultureInfo.InvariantCulture);
        var limit = new RateLimit("client", 1_000_000_000, TimeSpan.FromHours(1));
        var checks = Enumerable.Range(0, 10_000).Select(i => new[] { new LimitCheck(limit, $"ip:10.{i / 65536}.{i / 256 % 256}.{i % 256}") }).ToArray();

        // Warm up: JIT, script cache, connection.
        await RunCallersAsync(limiter, checks, callers, TimeSpan.FromSeconds(2), 0);
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var (count, latencies, degraded, elapsed) = await RunCallersAsync(limiter, checks, callers, TimeSpan.FromSeconds(seconds), rate);
        if (Environment.GetEnvironmentVariable("DRIVER_DEBUG") is not null)
        {
            Console.Error.WriteLine($"gc0 {GC.CollectionCount(0) - gcBefore.Item1} gc1 {GC.CollectionCount(1) - gcBefore.Item2} gc2 {GC.CollectionCount(2) - gcBefore.Item3} pause {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds:0} ms; over 1 ms: {latencies.Count(l => l > 1)} of {latencies.Length}");
        }

        Array.Sort(latencies);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count / elapsed.TotalSeconds:0} {Percentile(latencies, 0.50):0.000} {Percentile(latencies, 0.99):0.000} {degraded}"));
        return 0;
    }

    private static async Task<(long Count, double[] Latencies, long Degraded, TimeSpan Elapsed)> RunCallersAsync(
        IRateLimiter limiter, LimitCheck[][] checks, int callers, TimeSpan duration, double rate)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (rate > 0)
        {
            return await OpenLoopAsync(limiter, checks, start, end, rate);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var latencies = new List<double>(1 << 16);
            long degraded = 0;
            var i = caller;
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                var decision = await limiter.CheckAsync(checks[i++ % checks.Length]);
                degraded += decision.Degraded ? 1 : 0;
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return (latencies, degraded);
        })));
        var elapsed = Stopwatch.GetElapsedTime(start);
        return (results.Sum(r => r.latencies.Count), [.. results.SelectMany(r => r.latencies)], results.Sum(r => r.degraded), elapsed);
    }

    /// <summary>
    /// Issues calls at a fixed rate whatever the answers do, so slow answers cannot slow the load. A dedicated thread issues each
    /// call at its scheduled time (waking every 100 µs), and latency runs from that scheduled time, so a late issue counts
    /// against the figure (no coordinated omission). A timer of the thread pool cannot pace this: it ticked every ~4 ms on this
    /// machine, sending bursts of hundreds of calls at once.
    /// </summary>
    private static async Task<(long Count, double[] Latencies, long Degraded, TimeSpan Elapsed)> OpenLoopAsync(
        IRateLimiter limiter, LimitCheck[][] checks, long start, long end, double rate)
    {
        var latencies = new double[(int)(rate * Stopwatch.GetElapsedTime(start, end).TotalSeconds * 1.1) + 1024];
        var recorded = -1;
        long degraded = 0;
        // Calls in flight are counted, not kept: holding every call's task until the end made each one survive into gen 2 and
        // the driver's own collections paused everything for milliseconds.
        long outstanding = 0;
        var pacer = new Thread(() =>
        {
            long issued = 0;
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= end)
                {
                    break;
                }

                var due = (long)((now - start) * rate / Stopwatch.Frequency);
                for (; issued < due; issued++)
                {
                    Interlocked.Increment(ref outstanding);
                    _ = One(checks[issued % checks.Length], start + (long)(issued * Stopwatch.Frequency / rate));
                }

                Pause.Microseconds(100);
            }
        })
        { IsBackground = true, Name = "pacer" };
        pacer.Start();
        pacer.Join();

        while (Volatile.Read(ref outstanding) > 0)
        {
            await Task.Delay(1);
        }

        var count = Math.Min(recorded + 1, latencies.Length);
        return (count, latencies[..count], degraded, Stopwatch.GetElapsedTime(start));

        async Task One(LimitCheck[] check, long scheduled)
        {
            var decision = await limiter.CheckAsync(check);
            if (decision.Degraded)
            {
                Interlocked.Increment(ref degraded);
            }

            var slot = Interlocked.Increment(ref recorded);
            if (slot < latencies.Length)
            {
                latencies[slot] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            }

            Interlocked.Decrement(ref outstanding);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            result[args[i].TrimStart('-')] = args[i + 1];
        }

        return result.ContainsKey("redis") ? result : throw new ArgumentException("usage: redis --redis HOST:PORT [--concurrency 64] [--seconds 10] [--rate N] [--timeout-ms 25]");
    }
}
