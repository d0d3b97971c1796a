using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Redis;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Engine;

public sealed class LeaseTests(TestServers servers)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(250);

    // 4,096 per 30 days: big enough to lease (1/64 of the burst is 64 units), and one unit is earned back only every 632 s, so
    // nothing drains while a test runs and the counts below are exact.
    private static readonly RateLimit Leasable = new("leasable", 4096, TimeSpan.FromDays(30));

    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void MaxUnits_SmallOrShortLimits_AreNeverLeased()
    {
        var lifetime = Lifetime.Ticks;

        Assert.True(LeasingRateLimitStore.MaxUnits([new(new RateLimit("seed", 100, TimeSpan.FromMinutes(1)), "ip:1")], lifetime) < LeasingRateLimitStore.MinUnits);
        Assert.Equal(0, LeasingRateLimitStore.MaxUnits([new(new RateLimit("per-second", 1000, TimeSpan.FromSeconds(1)), "ip:1")], lifetime));
        Assert.True(LeasingRateLimitStore.MaxUnits([new(new RateLimit("thousand", 1000, TimeSpan.FromMinutes(1)), "ip:1")], lifetime) < LeasingRateLimitStore.MinUnits);
        // 1/64 of the burst is 64 units, less the lifetime's padding.
        Assert.Equal(63, LeasingRateLimitStore.MaxUnits([new(Leasable, "ip:1")], lifetime));
        // Several limits: the smallest decides.
        Assert.True(LeasingRateLimitStore.MaxUnits([new(Leasable, "ip:1"), new(new RateLimit("seed", 100, TimeSpan.FromMinutes(1)), "ip:1")], lifetime) < LeasingRateLimitStore.MinUnits);
    }

    [Fact]
    public async Task DecideAsync_BusyKeySet_IsGrantedFromLeasesWithFewCallsAndExactRemaining()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        using var store = new LeasingRateLimitStore(new RedisRateLimitStore(redis, _prefix), TimeProvider.System, TimeSpan.FromSeconds(10), 1000);
        // One unit earned back every 26 s, longer than the lease lifetime: no padding, no drain, so the figures are exact.
        LimitCheck[] checks = [new(new RateLimit("busy", 100_000, TimeSpan.FromDays(30)), "client")];

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 1000; i++)
        {
            decisions.Add(await store.DecideAsync(checks, 1, Ct));
        }

        var calls = await EvalCallsAsync(redis);
        Assert.All(decisions, d => Assert.True(d.Allowed));
        // One replica: the figures are those of per-request decisions, one less each time.
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => 100_000L - i), decisions.Select(d => d.Remaining));
        Assert.True(decisions.Count(d => d.Leased) > 990, $"{decisions.Count(d => d.Leased)} leased");
        Assert.InRange(calls, 2, 20);
    }

    [Fact]
    public async Task DecideAsync_StoredValueNotANumber_LeasesAsFromAnEmptyKey()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        using var store = new LeasingRateLimitStore(new RedisRateLimitStore(redis, _prefix), TimeProvider.System, Lifetime, 1000);
        LimitCheck[] checks = [new(Leasable, "poisoned")];
        var key = RedisKeys.For(_prefix, checks)[0];
        var database = redis.GetDatabase();
        // The first sight of a key set is an exact decision; the second, a busy key set, asks gcra.lua for a lease.
        await store.DecideAsync(checks, 1, Ct);
        await database.StringSetAsync(key, "not-a-number");

        var leased = await store.DecideAsync(checks, 1, Ct);

        Assert.True(leased.Allowed);
        Assert.Equal(4095, leased.Remaining);
        Assert.True(double.TryParse((string?)await database.StringGetAsync(key), CultureInfo.InvariantCulture, out var tat));
        Assert.True(tat > 0);
    }

    [Fact]
    public async Task DecideAsync_TwoReplicasSharingRedis_NeverAllowMoreThanTheLimit()
    {
        await using var first = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        await using var second = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var replicaA = new LeasingRateLimitStore(new RedisRateLimitStore(first, _prefix), TimeProvider.System, Lifetime, 1000);
        var replicaB = new LeasingRateLimitStore(new RedisRateLimitStore(second, _prefix), TimeProvider.System, Lifetime, 1000);
        LimitCheck[] checks = [new(Leasable, "client")];

        // 6,000 requests for 4,096 units, 64 at a time, alternating between the replicas.
        var decisions = new List<RateLimitDecision>();
        for (var wave = 0; wave < 6000 / 64; wave++)
        {
            decisions.AddRange(await Task.WhenAll(Enumerable.Range(0, 64)
                .Select(i => (i % 2 == 0 ? replicaA : replicaB).DecideAsync(checks, 1, Ct).AsTask())));
        }

        // Shutting down hands unused lease units back; then per-request decisions find exactly what is left.
        await replicaA.DisposeAsync();
        await replicaB.DisposeAsync();
        var exact = new RedisRateLimitStore(first, _prefix);
        var rest = 0;
        while ((await exact.DecideAsync(checks, 1, Ct)).Allowed)
        {
            rest++;
        }

        var allowed = decisions.Count(d => d.Allowed);
        Assert.True(decisions.Count(d => d.Leased) > 500, $"{decisions.Count(d => d.Leased)} leased");
        Assert.InRange(allowed, 1, 4096);
        Assert.Equal(4096, allowed + rest);
    }

    [Fact]
    public async Task DecideAsync_NearTheLimit_DecidesEveryRequestExactly()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        using var store = new LeasingRateLimitStore(new RedisRateLimitStore(redis, _prefix), TimeProvider.System, Lifetime, 1000);
        LimitCheck[] checks = [new(Leasable, "client")];
        // Another client of the same counter uses up all but 100 units with per-request decisions' arithmetic (one call of 3,996).
        await new RedisRateLimitStore(redis, _prefix).DecideAsync(checks, 3996, Ct);

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 101; i++)
        {
            decisions.Add(await store.DecideAsync(checks, 1, Ct));
        }

        Assert.DoesNotContain(decisions, d => d.Leased);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 100L - i), decisions.Take(100).Select(d => d.Remaining));
        Assert.False(decisions[100].Allowed);
    }

    private static async Task<long> EvalCallsAsync(ConnectionMultiplexer redis)
    {
        var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("commandstats");
        return info.SelectMany(g => g)
            .Where(p => p.Key is "cmdstat_evalsha" or "cmdstat_eval")
            .Sum(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
    }
}
