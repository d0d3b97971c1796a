using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Redis;
using EndpointStats.RateLimiting.Tests.Support;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Engine;

public sealed class RedisStoreTests(TestServers servers) : IAsyncLifetime
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private ConnectionMultiplexer? _redis;

    private ConnectionMultiplexer Redis => _redis!;

    private RedisRateLimitStore Store => new(Redis, _prefix);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);

    public async ValueTask DisposeAsync() => await Redis.DisposeAsync();

    [Fact]
    public async Task DecideAsync_BurstUsedUp_RejectsWithRetryWithinOneInterval()
    {
        LimitCheck[] checks = [new(new RateLimit("ten-per-hour", 10, TimeSpan.FromHours(1)), "client")];

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 11; i++)
        {
            decisions.Add(await Store.DecideAsync(checks, 1, Ct));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => 9L - i), decisions.Take(10).Select(d => d.Remaining));
        Assert.All(decisions.Take(10), d => Assert.True(d.Allowed));
        Assert.Equal(RateLimitOutcome.Limited, decisions[10].Outcome);
        Assert.InRange(decisions[10].RetryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(6));
        Assert.InRange(decisions[10].ResetAfter, TimeSpan.FromMinutes(54), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task DecideAsync_WeightsAndSeveralLimits_AreAllOrNothing()
    {
        var route = new RateLimit("route", 12, TimeSpan.FromMinutes(1));
        var client = new RateLimit("client", 10, TimeSpan.FromHours(1));
        LimitCheck[] both = [new(route, "/orders"), new(client, "10.0.0.1")];

        var seven = await Store.DecideAsync(both, 7, Ct);
        var four = await Store.DecideAsync(both, 4, Ct);
        var peek = await Store.DecideAsync([new(route, "/orders"), new(client, "10.0.0.2")], 0, Ct);

        Assert.Equal((true, "client", 3L), (seven.Allowed, seven.Limit!.Name, seven.Remaining));
        Assert.Equal((false, "client"), (four.Allowed, four.Limit!.Name));
        Assert.Equal((true, "route", 5L), (peek.Allowed, peek.Limit!.Name, peek.Remaining));
    }

    [Fact]
    public async Task DecideAsync_OneDecision_IsOneEvalshaWithTtlEqualToPeriodAndKeysInOneSlot()
    {
        // A Redis of its own: the command statistics must not count other tests' calls.
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        var store = new RedisRateLimitStore(redis, _prefix);
        LimitCheck[] checks = [new(new RateLimit("a", 5, TimeSpan.FromSeconds(30)), "k1"), new(new RateLimit("b", 50, TimeSpan.FromMinutes(10)), "k2")];
        await store.DecideAsync(checks, 1, Ct);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var before = await DecisionClient.EvalshaCallsAsync(server);

        for (var i = 0; i < 3; i++)
        {
            await store.DecideAsync(checks, 1, Ct);
        }

        var after = await DecisionClient.EvalshaCallsAsync(server);
        var keys = server.Keys(pattern: _prefix + ":*").ToList();
        var ttls = new Dictionary<string, TimeSpan?>();
        foreach (var key in keys)
        {
            ttls[key.ToString()] = await redis.GetDatabase().KeyTimeToLiveAsync(key);
        }

        Assert.Equal(3, after - before);
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Select(k => redis.HashSlot(k)).Distinct());
        Assert.InRange(ttls.Single(t => t.Key.Contains(":a:", StringComparison.Ordinal)).Value!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.InRange(ttls.Single(t => t.Key.Contains(":b:", StringComparison.Ordinal)).Value!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task DecideAsync_ParallelCallers_AllowExactlyTheLimit()
    {
        LimitCheck[] checks = [new(new RateLimit("contended", 100, TimeSpan.FromHours(1)), "client")];

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => Store.DecideAsync(checks, 1, Ct).AsTask()));

        Assert.Equal(100, results.Count(r => r.Allowed));
    }

    [Fact]
    public async Task DecideAsync_StoredValueNotANumber_ReadsAsEmptyAndSpoilsNoDecisionBatchedWithIt()
    {
        var limit = new RateLimit("hundred-per-hour", 100, TimeSpan.FromHours(1));
        LimitCheck[] poisoned = [new(limit, "poisoned")];
        LimitCheck[] healthy = [new(limit, "healthy")];
        var key = RedisKeys.For(_prefix, poisoned)[0];
        await Redis.GetDatabase().StringSetAsync(key, "not-a-number");
        var store = Store;

        // Started together: the first two go out at once (DecisionBatcher.MaxCallsInFlight); the other 38, both clients'
        // interleaved, wait and share the next script calls.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.DecideAsync(i % 2 == 0 ? poisoned : healthy, 1, Ct).AsTask()));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(Enumerable.Range(80, 20).Select(r => (long)r), decisions.Where((_, i) => i % 2 == 0).Select(d => d.Remaining).Order());
        Assert.Equal(Enumerable.Range(80, 20).Select(r => (long)r), decisions.Where((_, i) => i % 2 == 1).Select(d => d.Remaining).Order());
        Assert.True(double.TryParse((string?)await Redis.GetDatabase().StringGetAsync(key), CultureInfo.InvariantCulture, out _));
    }
}
