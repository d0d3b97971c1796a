using System.Globalization;
using System.Net;
using EndpointStats.RateLimiting.Tests.Support;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class LeaseGatewayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_LeasedRule_HeadersCountDownAsPerRequestDecisionsWithFewRedisCalls()
    {
        // A Redis of its own, so that its command statistics count this test's calls only.
        await using var redis = await RedisServer.StartNewAsync();
        // 100,000 per 30 days: leasable, and nothing is earned back while the test runs. A long lifetime: no lease ends early.
        using var host = new RateLimitHost(
            RateLimitHost.OneRule("/", 100_000, "30d"),
            redis.ConnectionString,
            new Dictionary<string, string?> { ["RateLimiting:Leases:LifetimeMilliseconds"] = "10000", ["RateLimiting:RedisTimeoutMilliseconds"] = "5000" });
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();
        await RedisWait.ConnectedAsync(factory);

        var headers = new List<(HttpStatusCode Status, string Policy, string Limit)>();
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.GetAsync("/", Ct);
            headers.Add((response.StatusCode, response.Headers.GetValues("RateLimit-Policy").Single(), response.Headers.GetValues("RateLimit").Single()));
        }

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var info = await admin.GetServer(admin.GetEndPoints()[0]).InfoAsync("commandstats");
        var calls = info.SelectMany(g => g).Where(p => p.Key is "cmdstat_evalsha" or "cmdstat_eval")
            .Sum(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));

        Assert.All(headers, h => Assert.Equal(HttpStatusCode.OK, h.Status));
        Assert.All(headers, h => Assert.Equal("\"test\";q=100000;w=2592000", h.Policy));
        Assert.Equal(
            Enumerable.Range(1, 200).Select(i => $"\"test\";r={100_000 - i};t=").ToList(),
            headers.Select(h => h.Limit[..(h.Limit.IndexOf(";t=", StringComparison.Ordinal) + 3)]).ToList());
        Assert.InRange(calls, 2, 20);
    }
}
