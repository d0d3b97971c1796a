using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// Redis-backed decisions through the engine (timeout, breaker, fallback) from one process, or (<c>--op incr</c>) plain
/// <c>INCR</c> calls through the same multiplexer as their baseline: closed loop with N callers for throughput, or open loop
/// at a fixed rate for latency (per call, from its due time to its answer). Prints "calls/s p50_ms p99_ms degraded"; the open loop
/// adds "p50_ms p99_ms" from each call's actual issue and the p99 of the pacer's lateness. <c>--op none</c> answers at once: the
/// pacer's own floor on this machine, measured like the others. Decisions go over the store's own connection, as the platform
/// sends them by default, or with <c>--decisions shared</c> through the multiplexer.
/// </summary>
internal static class RedisLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options.GetValueOrDefault("op") == "spin-incr")
        {
            var floorRate = Number(options, "rate", 0) is > 0 and var r ? r : throw new ArgumentException("--op spin-incr needs --rate");
            var floorDuration = TimeSpan.FromSeconds(Number(options, "seconds", 10));
            Report(SpinningIncrFloor.Run(options["redis"], "bench:spin-incr", floorRate, floorDuration), openLoop: true);
            return 0;
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        // As the platform connects (Hosting's AddPlatformRedis): socket I/O on the .NET thread pool; "--sockets dedicated" for
        // the client's own default pool.
        var configuration = ConfigurationOptions.Parse(options["redis"]);
        configuration.SocketManager = options.GetValueOrDefault("sockets") == "dedicated" ? SocketManager.Shared : SocketManager.ThreadPool;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        using var memory = new MemoryRateLimitStore(TimeProvider.System);
        var prefix = "bench:" + Guid.NewGuid().ToString("N")[..8];
        var timeout = TimeSpan.FromMilliseconds(Number(options, "timeout-ms", 25));
        var limiter = new RateLimiter(
            new RedisRateLimitStore(redis, prefix, timeout, options.GetValueOrDefault("decisions", "own") == "own"),
            memory,
            new CircuitBreaker(3, TimeSpan.FromSeconds(2), TimeProvider.System),
            new DividedLimits(1),
            timeout,
            new RateLimitingMetrics(services.GetRequiredService<IMeterFactory>()),
            NullLogger<RateLimiter>.Instance);
        var callers = (int)Number(options, "concurrency", 64);
        var seconds = Number(options, "seconds", 10);
        var rate = Number(options, "rate", 0);
        var spin = TimeSpan.FromMicroseconds(Number(options, "spin-us", 0));
        var limit = new RateLimit("client", 1_000_000_000, TimeSpan.FromHours(1));
        var clients = Enumerable.Range(0, 10_000).Select(i => $"ip:10.{i / 65536}.{i / 256 % 256}.{i % 256}").ToArray();
        var checks = clients.Select(c => new[] { new LimitCheck(limit, c) }).ToArray();
        var counters = clients.Select(c => (RedisKey)$"{prefix}:incr:{c}").ToArray();
        var database = redis.GetDatabase();

        Func<long, ValueTask<bool>> call = options.GetValueOrDefault("op", "decide") switch
        {
            // Pooled state machines, as the engine's: the driver's own allocations would otherwise set the pace of its collections.
            "decide" => [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] async ValueTask<bool> (long i) =>
                (await limiter.CheckAsync(checks[i % checks.Length])).Degraded,
            "incr" => [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] async ValueTask<bool> (long i) =>
                await database.StringIncrementAsync(counters[i % counters.Length]) < 0,
            "none" => static _ => ValueTask.FromResult(false),
            var op => throw new ArgumentException($"unknown --op {op}"),
        };

        // Warm up: JIT, script cache, connection.
        await ClosedLoop.RunAsync(call, callers, TimeSpan.FromSeconds(2));
        var debug = Environment.GetEnvironmentVariable("DRIVER_DEBUG") is not null;
        // INFO needs admin mode: a connection of its own, so that the measured one stays as the platform configures it.
        await using var admin = debug ? await ConnectionMultiplexer.ConnectAsync(options["redis"] + ",allowAdmin=true") : null;
        var server = admin?.GetServer(admin.GetEndPoints()[0]);
        var scriptsBefore = server is null ? default : await ScriptStatsAsync(server);
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var result = rate > 0
            ? await OpenLoop.RunAsync(call, rate, TimeSpan.FromSeconds(seconds), spin)
            : await ClosedLoop.RunAsync(call, callers, TimeSpan.FromSeconds(seconds));
        var latencies = result.Latencies;
        if (server is not null)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Console.Error.WriteLine(
                $"gc0 {GC.CollectionCount(0) - gcBefore.Item1} gc1 {GC.CollectionCount(1) - gcBefore.Item2} gc2 {GC.CollectionCount(2) - gcBefore.Item3} " +
                $"pause {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds:0} ms; driver CPU {cpu.TotalSeconds / result.Elapsed.TotalSeconds:0.00} cores; " +
                $"over 1 ms: {latencies.Count(l => l > 1)} of {latencies.Length}; " +
                $"{(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)Math.Max(result.Count, 1):0} bytes allocated per call");
            var (calls, usec) = await ScriptStatsAsync(server);
            calls -= scriptsBefore.Calls;
            usec -= scriptsBefore.Usec;
            Console.Error.WriteLine(
                $"redis: {calls} script calls, {result.Count / (double)Math.Max(calls, 1):0.0} calls of the driver per script call, " +
                $"{usec / (double)Math.Max(calls, 1):0.0} us per script call, {usec / (double)Math.Max(result.Count, 1):0.00} us per call of the driver");
        }

        Report(result, openLoop: rate > 0);
        return 0;
    }

    /// <summary>Prints "calls/s p50_ms p99_ms degraded", and for an open loop the from-issue p50/p99 and the pacer's p99 lateness.</summary>
    private static void Report(LoadResult result, bool openLoop)
    {
        var latencies = result.Latencies;
        Array.Sort(latencies);
        var fromIssue = result.FromIssue;
        Array.Sort(fromIssue);
        var issue = openLoop
            ? $" {OpenLoop.Percentile(fromIssue, 0.50):0.000} {OpenLoop.Percentile(fromIssue, 0.99):0.000} {result.IssueLatenessP99:0.000}"
            : string.Empty;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Count / result.Elapsed.TotalSeconds:0} {OpenLoop.Percentile(latencies, 0.50):0.000} {OpenLoop.Percentile(latencies, 0.99):0.000} {result.Degraded}{issue}"));
    }

    /// <summary>EVALSHA calls and their total microseconds so far (INFO commandstats), for DRIVER_DEBUG.</summary>
    private static async Task<(long Calls, long Usec)> ScriptStatsAsync(IServer server)
    {
        var info = await server.InfoAsync("commandstats");
        var line = info.SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_evalsha").Value;
        if (line is null)
        {
            return (0, 0);
        }

        var fields = line.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
    }

    private static double Number(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            result[args[i].TrimStart('-')] = args[i + 1];
        }

        return result.ContainsKey("redis")
            ? result
            : throw new ArgumentException("usage: redis --redis HOST:PORT [--op decide|incr|none|spin-incr] [--concurrency 64] [--seconds 10] [--rate N] [--spin-us 0] [--sockets threadpool|dedicated] [--decisions own|shared] [--timeout-ms 25]");
    }
}
