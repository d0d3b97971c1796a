using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Redis;
using EndpointStats.RateLimiting.Tests.Support;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Engine;

/// <summary>Decisions arriving while a script call is in flight share the next call, each still exact and all-or-nothing.</summary>
public sealed class DecisionBatchTests(TestServers servers)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DecideAsync_ConcurrentDecisions_ShareScriptCallsAndStayExactInArrivalOrder()
    {
        // A Redis of its own: the command statistics must not count other tests' calls.
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var store = new RedisRateLimitStore(redis, _prefix);
        LimitCheck[] checks = [new(new RateLimit("contended", 100, TimeSpan.FromHours(1)), "client")];
        await store.DecideAsync([new(new RateLimit("warm-up", 1, TimeSpan.FromHours(1)), "client")], 0, Ct);
        var before = await DecisionClient.EvalshaCallsAsync(server);

        var pending = Enumerable.Range(0, 400).Select(_ => store.DecideAsync(checks, 1, Ct).AsTask()).ToList();
        var results = await Task.WhenAll(pending);

        var calls = await DecisionClient.EvalshaCallsAsync(server) - before;
        Assert.Equal(100, results.Count(r => r.Allowed));
        // Started one after the other, so answered in that order: the first 100 allowed, each with one less remaining.
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 99L - i), results.Take(100).Select(r => r.Remaining));
        Assert.All(results.Skip(100), r => Assert.Equal(RateLimitOutcome.Limited, r.Outcome));
        Assert.InRange(calls, 1, 399);
    }

    [Fact]
    public async Task DecideAsync_ConcurrentMultiLimitDecisions_RefusedOnesConsumeNothing()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",allowAdmin=true");
        var store = new RedisRateLimitStore(redis, _prefix);
        var route = new RateLimit("route", 5, TimeSpan.FromHours(1));
        var client = new RateLimit("client", 3, TimeSpan.FromHours(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            store.DecideAsync([new(route, "/orders"), new(client, $"c{i}")], 1, Ct).AsTask()));

        // Only allowed decisions wrote their client counter: a refusal by the route limit took nothing from the client one.
        var clientKeys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: _prefix + ":*:client:*").Count();
        Assert.Equal(5, results.Count(r => r.Allowed));
        Assert.All(results.Where(r => !r.Allowed), r => Assert.Equal("route", r.Limit!.Name));
        Assert.Equal(5, clientKeys);
    }

    [Fact]
    public async Task DecideAsync_RedisNotAnswering_DecisionsFailWithTimeoutBeforeRedisAnswersAndQueuedOnesAreNeverSent()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString);
        var store = new RedisRateLimitStore(redis, _prefix, TimeSpan.FromMilliseconds(200));
        // Thirty days: the level hardly drains while the test runs, so the peek below reads exactly what was consumed.
        LimitCheck[] checks = [new(new RateLimit("paused", 1000, TimeSpan.FromDays(30)), "client")];
        await store.DecideAsync(checks, 0, Ct);

        // Every command of every client (UNPAUSE too) waits for 2 s, so nothing below can be answered by Redis in time.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2000", "ALL");
        var probe = redis.GetDatabase().PingAsync();
        // The first decisions go out at once, one call each, and hang; the others queue behind them.
        var pending = Enumerable.Range(0, 200).Select(_ => store.DecideAsync(checks, 1, Ct).AsTask()).ToList();
        await Task.WhenAll(pending).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
        var probeAnswered = probe.IsCompleted;
        await probe;
        var peek = await new RedisRateLimitStore(redis, _prefix).DecideAsync(checks, 0, Ct);

        Assert.False(probeAnswered);
        Assert.All(pending, t => Assert.IsType<TimeoutException>(t.Exception?.InnerException));
        // The calls already sent reached Redis once it answered again, as any call its caller stopped waiting for; the
        // queued decisions were dropped, never sent, and consumed nothing.
        Assert.Equal(1000 - DecisionBatcher.MaxCallsInFlight, peek.Remaining);
    }

    [Fact]
    public async Task DecideAsync_BatchMixingLimitsAndCosts_AnswersAsOneByOneDecisions()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        // Whole-minute intervals: figures read back in whole minutes do not depend on the milliseconds between decisions.
        var hourly = new RateLimit("hourly", 10, TimeSpan.FromHours(10));
        var minutely = new RateLimit("minutely", 4, TimeSpan.FromMinutes(4));
        var sameFigures = new RateLimit("same-figures", 4, TimeSpan.FromMinutes(4));
        var burst = new RateLimit("burst", 3, TimeSpan.FromMinutes(3), burst: 6);
        (LimitCheck[] Checks, long Cost)[] shapes =
        [
            ([new(hourly, "a")], 1),
            ([new(hourly, "a"), new(minutely, "a")], 2),
            ([new(minutely, "b")], 3),
            ([new(sameFigures, "b"), new(hourly, "b")], 1),
            ([new(hourly, "a"), new(burst, "a"), new(minutely, "b")], 0),
            ([new(burst, "a")], 2),
            ([new(minutely, "a"), new(sameFigures, "a")], 1),
        ];
        var requests = Enumerable.Range(0, 60).Select(i => shapes[i * 5 % shapes.Length]).ToList();
        var batchedStore = new RedisRateLimitStore(redis, _prefix + "b");
        var oneByOneStore = new RedisRateLimitStore(redis, _prefix + "s");
        var leaseScriptStore = new RedisRateLimitStore(redis, _prefix + "g");
        await batchedStore.DecideAsync([new(new RateLimit("warm-up", 1, TimeSpan.FromHours(1)), "client")], 0, Ct);
        var before = await DecisionClient.EvalshaCallsAsync(server);

        var batched = await Task.WhenAll(requests.Select(r => batchedStore.DecideAsync(r.Checks, r.Cost, Ct).AsTask()));
        var calls = await DecisionClient.EvalshaCallsAsync(server) - before;
        var oneByOne = new List<RateLimitDecision>();
        foreach (var (checks, cost) in requests)
        {
            oneByOne.Add(await oneByOneStore.DecideAsync(checks, cost, Ct));
        }

        // gcra.lua (the lease path's script) without a lease decides alike.
        var leaseScript = new List<RateLimitDecision>();
        foreach (var (checks, cost) in requests)
        {
            leaseScript.Add((await leaseScriptStore.CallAsync(checks, cost, leaseUnits: 0, leaseLifetimeTicks: 0, returnedUnits: 0)).Decision);
        }

        Assert.InRange(calls, 1, requests.Count - 1);
        Assert.Contains(batched, d => d.Allowed);
        Assert.Contains(batched, d => !d.Allowed);
        Assert.Equal(oneByOne.Select(DecisionClient.Figures), batched.Select(DecisionClient.Figures));
        Assert.Equal(oneByOne.Select(DecisionClient.Figures), leaseScript.Select(DecisionClient.Figures));
        Assert.Equal(await StoredAsync(server, _prefix + "s"), await StoredAsync(server, _prefix + "b"));
        Assert.Equal(await StoredAsync(server, _prefix + "s"), await StoredAsync(server, _prefix + "g"));
    }

    /// <summary>The keys under <paramref name="prefix"/> (without it), each with its TAT and TTL in whole minutes, rounded up.</summary>
    private static async Task<List<string>> StoredAsync(IServer server, string prefix)
    {
        var database = server.Multiplexer.GetDatabase();
        var now = (await server.TimeAsync() - new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Ticks;
        var stored = new List<string>();
        foreach (var key in server.Keys(pattern: prefix + ":*"))
        {
            var tat = long.Parse((string)(await database.StringGetAsync(key))!, NumberStyles.None, CultureInfo.InvariantCulture);
            var ttl = await database.KeyTimeToLiveAsync(key);
            stored.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{key.ToString()[prefix.Length..]} level {Math.Ceiling(TimeSpan.FromTicks(tat - now).TotalMinutes)} ttl {Math.Ceiling(ttl!.Value.TotalMinutes)}"));
        }

        stored.Sort(StringComparer.Ordinal);
        return stored;
    }
}
