using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.RateLimiting.Tests.Support;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class RedisOutageTests
{
    private const string Rules = """
        {
          "Rules": [
            { "Name": "open", "Route": "/", "Limits": [ { "Permitted": 4, "Period": "1h" } ] },
            { "Name": "closed", "Route": "/api/ratelimit/limits", "FailureMode": "closed", "Limits": [ { "Permitted": 100, "Period": "1m" } ] }
          ]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_RedisStoppedThenRestarted_FallsBackPerRuleThenResumesRedisDecisions()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var host = new RateLimitHost(Rules, redis.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:ExpectedReplicas"] = "2",
            ["RateLimiting:BreakerOpenSeconds"] = "0.5",
            // Above the 25 ms default so that a slow call on this shared machine before the outage does not already fall back;
            // a stopped Redis fails at once (refused connection), not by timing out.
            ["RateLimiting:RedisTimeoutMilliseconds"] = "1000",
        });
        await using var factory = host.CreateFactory();
        var client = host.CreateAdminClient(factory);
        using var probe = new MeterProbe(factory.Services);
        await RedisWait.ConnectedAsync(factory);
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var prefix = host.Settings["RateLimiting:KeyPrefix"]!;

        var beforeOutage = await client.GetAsync("/", Ct);
        var keysBeforeOutage = await KeyCountAsync(inspector, prefix);
        await redis.StopAsync();
        var open = await Requests.StatusesAsync(client, "/", 3);

        var closed = await client.GetAsync("/api/ratelimit/limits", Ct);
        var closedBody = await closed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var degraded = probe.Sum("ratelimit.decisions", ("outcome", "degraded"), ("rule", "open"));
        var unavailable = probe.Sum("ratelimit.decisions", ("outcome", "unavailable"), ("rule", "closed"));
        var storeErrors = probe.Sum("ratelimit.store.errors");

        await redis.StartAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                await client.GetAsync("/api/ratelimit/limits", Ct);
                return inspector.IsConnected && await KeyCountAsync(inspector, prefix) > 0;
            },
            "decisions written to Redis again");
        var closedAfter = await client.GetAsync("/api/ratelimit/limits", Ct);

        Assert.Equal(HttpStatusCode.OK, beforeOutage.StatusCode);
        Assert.Equal(1, keysBeforeOutage);
        // Fallback: the limit of 4 divided by 2 expected replicas, counted in this process's memory.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], open);
        Assert.Equal(2, degraded);
        Assert.Equal(1, unavailable);
        Assert.InRange(storeErrors, 1, 4);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        Assert.Equal("application/problem+json", closed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, closedBody.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, closedAfter.StatusCode);
    }

    [Fact]
    public async Task Gateway_RedisNotAnswering_FallsBackPerRuleWithinTheTimeoutBeforeRedisAnswers()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var host = new RateLimitHost(Rules, redis.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:ExpectedReplicas"] = "2",
            ["RateLimiting:RedisTimeoutMilliseconds"] = "250",
        });
        await using var factory = host.CreateFactory();
        var client = host.CreateAdminClient(factory);
        using var probe = new MeterProbe(factory.Services);
        await RedisWait.ConnectedAsync(factory);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        var beforePause = await client.GetAsync("/", Ct);
        // Redis stays connected but answers no command for 3 s: only the timeout can end these decisions.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        var redisAnswer = inspector.GetDatabase().PingAsync();
        var open = await client.GetAsync("/", Ct);
        var closed = await client.GetAsync("/api/ratelimit/limits", Ct);
        var redisAnsweredFirst = redisAnswer.IsCompleted;
        var timeouts = probe.Sum("ratelimit.store.errors", ("reason", "timeout"));
        var degraded = probe.Sum("ratelimit.decisions", ("outcome", "degraded"), ("rule", "open"));
        await redisAnswer;

        Assert.Equal(HttpStatusCode.OK, beforePause.StatusCode);
        Assert.False(redisAnsweredFirst);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(1, degraded);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        Assert.InRange(timeouts, 1, 2);
    }

    private static async Task<int> KeyCountAsync(ConnectionMultiplexer redis, string prefix)
    {
        try
        {
            var result = await redis.GetDatabase().ExecuteAsync("KEYS", prefix + ":*");
            return ((RedisResult[])result!).Length;
        }
        catch (RedisConnectionException)
        {
            return 0;
        }
    }
}
