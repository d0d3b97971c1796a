using System.Net;
using EndpointStats.RateLimiting.Tests.Support;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Http;

/// <summary>The platform's wiring of the decision connection: on by default, off by setting, closed at shutdown.</summary>
public sealed class DecisionConnectionGatewayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_DefaultSettings_DecidesOverItsOwnConnectionAndClosesItAtShutdown()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        // A long timeout, as the other Redis gateway tests: on a loaded machine a 25 ms decision would fall back to memory
        // (counted nowhere in Redis) and the second request would see one decision fewer.
        using var host = new RateLimitHost(RateLimitHost.OneRule("/", 100), redis.ConnectionString,
            new Dictionary<string, string?> { ["RateLimiting:RedisTimeoutMilliseconds"] = "5000" });
        var factory = host.CreateFactory();
        var client = host.CreateAdminClient(factory);
        await RedisWait.ConnectedAsync(factory);
        await client.GetAsync("/", Ct);
        await Eventually.TrueAsync(async () => await DecisionClient.FieldsAsync(inspector) is not null, "the decision connection is up");

        var response = await client.GetAsync("/", Ct);
        var afterRequest = await DecisionClient.FieldsAsync(inspector);
        await factory.DisposeAsync();
        await Eventually.TrueAsync(async () => await DecisionClient.FieldsAsync(inspector) is null, "the decision connection is closed", TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Two decisions made (the first may have gone through the shared client while the connection came up); the reset
        // depends on the time between them.
        Assert.StartsWith("\"test\";r=98;t=", response.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        // Its last command: the request's decision, not its set-up.
        Assert.Equal("evalsha", afterRequest!["cmd"]);
    }

    [Fact]
    public async Task Gateway_DecisionConnectionOff_DecidesThroughTheSharedClientOnly()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var host = new RateLimitHost(RateLimitHost.OneRule("/", 100), redis.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimiting:RedisDecisionConnection"] = "false",
        });
        await using var factory = host.CreateFactory();
        var client = host.CreateAdminClient(factory);
        await RedisWait.ConnectedAsync(factory);

        var statuses = await Requests.StatusesAsync(client, "/", 3);
        await Task.Delay(300, Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Single(inspector.GetServer(inspector.GetEndPoints()[0]).Keys(pattern: host.Settings["RateLimiting:KeyPrefix"] + ":*"));
        Assert.Null(await DecisionClient.FieldsAsync(inspector));
    }
}
