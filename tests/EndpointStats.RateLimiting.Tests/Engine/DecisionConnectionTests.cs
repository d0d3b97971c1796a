using System.Diagnostics;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Redis;
using EndpointStats.RateLimiting.Tests.Support;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Engine;

/// <summary>
/// Exact decisions over the store's own Redis connection (<c>RateLimiting:RedisDecisionConnection</c>): the same answers as
/// through the multiplexer, credentials and database honoured, and a dropped, flushed, paused or stopped Redis survived.
/// </summary>
public sealed class DecisionConnectionTests(TestServers servers)
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DecideAsync_ConcurrentDecisions_ExactInArrivalOrderOverTheOwnConnection()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        using var store = await DirectStoreAsync(redis, Timeout.InfiniteTimeSpan);
        LimitCheck[] checks = [new(new RateLimit("contended", 100, TimeSpan.FromHours(1)), "client")];

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => store.DecideAsync(checks, 1, Ct).AsTask()));

        Assert.Equal(100, results.Count(r => r.Allowed));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 99L - i), results.Take(100).Select(r => r.Remaining));
        Assert.All(results.Skip(100), r => Assert.Equal(RateLimitOutcome.Limited, r.Outcome));
        // Several decisions to a call, over the store's own connection (this Redis serves nothing else).
        Assert.InRange(await DecisionClient.EvalshaCallsAsync(redis.GetServer(redis.GetEndPoints()[0])), 1, 399);
        Assert.Equal("evalsha", (await DecisionClient.FieldsAsync(redis))!["cmd"]);
    }

    [Fact]
    public async Task DecideAsync_MixedLimitsAndCosts_AnswersAndStoresAsTheMultiplexerPath()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        using var direct = await DirectStoreAsync(redis, Timeout.InfiniteTimeSpan);
        var shared = new RedisRateLimitStore(redis, _prefix + "s");
        var hourly = new RateLimit("hourly", 10, TimeSpan.FromHours(10));
        var minutely = new RateLimit("minutely", 4, TimeSpan.FromMinutes(4));
        var burst = new RateLimit("burst", 3, TimeSpan.FromMinutes(3), burst: 6);
        (LimitCheck[] Checks, long Cost)[] shapes =
        [
            ([new(hourly, "a")], 1),
            ([new(hourly, "a"), new(minutely, "a")], 2),
            ([new(minutely, "b")], 3),
            ([new(hourly, "a"), new(burst, "a"), new(minutely, "b")], 0),
            ([new(burst, "a")], 2),
        ];
        var requests = Enumerable.Range(0, 50).Select(i => shapes[i * 3 % shapes.Length]).ToList();

        var overOwn = await Task.WhenAll(requests.Select(r => direct.DecideAsync(r.Checks, r.Cost, Ct).AsTask()));
        var overShared = new List<RateLimitDecision>();
        foreach (var (checks, cost) in requests)
        {
            overShared.Add(await shared.DecideAsync(checks, cost, Ct));
        }

        Assert.Contains(overOwn, d => d.Allowed);
        Assert.Contains(overOwn, d => !d.Allowed);
        Assert.Equal(overShared.Select(DecisionClient.Figures), overOwn.Select(DecisionClient.Figures));
    }

    [Fact]
    public async Task DecideAsync_RedisWithAclUserAndDatabase_AuthenticatesAndWritesToThatDatabase()
    {
        await using var own = await RedisServer.StartNewAsync("--user", "default", "off", "--user", "limiter", "on", ">s3cret-pass", "~*", "&*", "+@all");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",user=limiter,password=s3cret-pass,defaultDatabase=3");
        using var store = await DirectStoreAsync(redis, Timeout.InfiniteTimeSpan);
        LimitCheck[] checks = [new(new RateLimit("acl", 5, TimeSpan.FromHours(1)), "client")];

        var decision = await store.DecideAsync(checks, 2, Ct);

        Assert.Equal(3, decision.Remaining);
        Assert.True(await redis.GetDatabase(3).KeyExistsAsync(RedisKeys.For(_prefix, checks)[0]));
        Assert.False(await redis.GetDatabase(0).KeyExistsAsync(RedisKeys.For(_prefix, checks)[0]));
        var client = (await DecisionClient.FieldsAsync(redis))!;
        Assert.Equal(("limiter", "3", "evalsha"), (client["user"], client["db"], client["cmd"]));
    }

    [Fact]
    public async Task DecideAsync_ScriptCacheFlushed_SendsTheScriptAgainAndAnswers()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        using var store = await DirectStoreAsync(redis, Timeout.InfiniteTimeSpan);
        LimitCheck[] checks = [new(new RateLimit("flushed", 10, TimeSpan.FromHours(1)), "client")];
        await store.DecideAsync(checks, 1, Ct);

        await redis.GetServer(redis.GetEndPoints()[0]).ScriptFlushAsync();
        var afterFlush = await store.DecideAsync(checks, 1, Ct);
        var cachedAgain = await store.DecideAsync(checks, 1, Ct);

        Assert.Equal(8, afterFlush.Remaining);
        Assert.Equal(7, cachedAgain.Remaining);
        Assert.True(store.DecisionConnectionUp);
    }

    [Fact]
    public async Task DecideAsync_ConnectionKilled_FallsBackToTheMultiplexerAndReconnectsByItself()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        var logger = new ListLogger<RedisRateLimitStore>();
        using var store = await DirectStoreAsync(redis, TimeSpan.FromSeconds(1), logger);
        LimitCheck[] checks = [new(new RateLimit("killed", 1000, TimeSpan.FromDays(30)), "client")];
        await store.DecideAsync(checks, 1, Ct);

        var id = (await DecisionClient.FieldsAsync(redis))!["id"];
        var killed = (long)await redis.GetDatabase().ExecuteAsync("CLIENT", "KILL", "ID", id);
        var outcomes = new List<string>();
        var allowed = 1;
        var reconnected = Stopwatch.StartNew();
        // Decisions go on meanwhile: those caught in flight fail, the next ones go through the multiplexer until it is back.
        while (!store.DecisionConnectionUp || outcomes.Count < 5)
        {
            try
            {
                allowed += (await store.DecideAsync(checks, 1, Ct)).Allowed ? 1 : 0;
                outcomes.Add("answered");
            }
            catch (RedisException)
            {
                outcomes.Add("failed");
            }

            Assert.True(reconnected.Elapsed < TimeSpan.FromSeconds(10), "the decision connection did not come back");
            await Task.Delay(20, Ct);
        }

        var afterwards = await store.DecideAsync(checks, 1, Ct);
        Assert.Equal(1, killed);
        Assert.Contains("answered", outcomes);
        // Nothing was consumed twice or lost: every answered decision took exactly one unit.
        Assert.Equal(1000 - allowed - 1, afterwards.Remaining);
        Assert.NotEqual(id, (await DecisionClient.FieldsAsync(redis))!["id"]);
        // Operators are told once that it went down and once that it is back (besides the first connect).
        Assert.Equal(
            [(LogLevel.Information, 2005), (LogLevel.Warning, 2006), (LogLevel.Information, 2005)],
            logger.Entries.Select(e => (e.Level, e.Id.Id)));
    }

    [Fact]
    public async Task DecideAsync_RedisPaused_FailsWithTimeoutBeforeRedisAnswersThenAnswersAgain()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString);
        using var store = await DirectStoreAsync(redis, TimeSpan.FromMilliseconds(200));
        LimitCheck[] checks = [new(new RateLimit("paused", 1000, TimeSpan.FromDays(30)), "client")];
        await store.DecideAsync(checks, 0, Ct);

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "2000", "ALL");
        var probe = redis.GetDatabase().PingAsync();
        // Two decisions go out, a call each, and hang; once they have, the other 198 wait for a call to answer.
        List<Task<RateLimitDecision>> sent = [];
        for (var i = 0; i < DecisionBatcher.MaxCallsInFlight; i++)
        {
            sent.Add(store.DecideAsync(checks, 1, Ct).AsTask());
            await Task.Delay(50, Ct);
        }

        var queued = Enumerable.Range(0, 198).Select(_ => store.DecideAsync(checks, 1, Ct).AsTask()).ToList();
        await Task.WhenAll(sent.Concat(queued)).ContinueWith(_ => { }, Ct, TaskContinuationOptions.None, TaskScheduler.Default);
        var probeAnswered = probe.IsCompleted;
        await probe;
        var peek = await store.DecideAsync(checks, 0, Ct);

        Assert.False(probeAnswered);
        Assert.All(sent.Concat(queued), t => Assert.IsType<TimeoutException>(t.Exception?.InnerException));
        // Only the two sent consumed, once Redis answered again; the queued decisions were never sent.
        Assert.Equal(998, peek.Remaining);
        Assert.True(store.DecisionConnectionUp);
    }

    [Fact]
    public async Task DecideAsync_RedisStoppedAndStartedAgain_FailsFastWhileDownAndResumesByItself()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString);
        using var store = await DirectStoreAsync(redis, TimeSpan.FromMilliseconds(500));
        LimitCheck[] checks = [new(new RateLimit("restarted", 10, TimeSpan.FromHours(1)), "client")];
        await store.DecideAsync(checks, 1, Ct);

        await own.StopAsync();
        var down = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await store.DecideAsync(checks, 1, Ct);
            }
        });
        var failedWithin = down.Elapsed;
        await own.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(store.DecisionConnectionUp && redis.IsConnected), "decisions over the own connection again");
        var resumed = await store.DecideAsync(checks, 1, Ct);

        Assert.True(failure is RedisException or TimeoutException, $"unexpected {failure}");
        Assert.True(failedWithin < TimeSpan.FromSeconds(2), $"failed only after {failedWithin}");
        // The restarted Redis kept nothing (no persistence): a fresh count.
        Assert.Equal(9, resumed.Remaining);
        Assert.NotNull(await DecisionClient.FieldsAsync(redis));
    }

    [Fact]
    public async Task Dispose_ClosesTheOwnConnection()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",allowAdmin=true");
        var store = await DirectStoreAsync(redis, Timeout.InfiniteTimeSpan);
        var before = await DecisionClient.FieldsAsync(redis);

        store.Dispose();
        await Eventually.TrueAsync(async () => await DecisionClient.FieldsAsync(redis) is null, "the decision connection is closed", TimeSpan.FromSeconds(5));

        Assert.NotNull(before);
        Assert.False(store.DecisionConnectionUp);
    }

    [Fact]
    public async Task Constructor_TlsConfigured_DecidesThroughTheMultiplexer()
    {
        // A TLS handshake against a plain port never completes; only the configuration matters here.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString + ",ssl=true,connectTimeout=200");
        using var store = new RedisRateLimitStore(redis, _prefix, Timeout.InfiniteTimeSpan, directConnection: true);
        await Task.Delay(300, Ct);

        Assert.False(store.DecisionConnectionUp);
    }

    private async Task<RedisRateLimitStore> DirectStoreAsync(IConnectionMultiplexer redis, TimeSpan timeout, ILogger? logger = null)
    {
        var store = new RedisRateLimitStore(redis, _prefix, timeout, directConnection: true, logger);
        await Eventually.TrueAsync(() => Task.FromResult(store.DecisionConnectionUp), "the decision connection is up", TimeSpan.FromSeconds(10));
        return store;
    }
}
