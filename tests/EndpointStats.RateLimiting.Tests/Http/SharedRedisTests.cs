using System.Net;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class SharedRedisTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_TwoInstancesSharingRedis_Allow100Of200ParallelRequests()
    {
        // A generous Redis timeout: this test is about exact counting, and on a busy machine 25 ms would send some decisions
        // to the per-replica fallback.
        using var host = new RateLimitHost(
            RateLimitHost.OneRule("/", 100),
            servers.Redis.ConnectionString,
            new Dictionary<string, string?> { ["RateLimiting:RedisTimeoutMilliseconds"] = "5000" });
        await using var first = host.CreateFactory();
        await using var second = host.CreateFactory();
        HttpClient[] clients = [first.CreateClient(), second.CreateClient()];
        // Warm both instances (JIT, Redis connection, script cache) on another path, so the 200 arrive within one emission
        // interval (0.6 s) of each other and no request is earned back during the burst.
        await RedisWait.ConnectedAsync(first);
        await RedisWait.ConnectedAsync(second);
        foreach (var client in clients)
        {
            await client.GetAsync("/warm-up", Ct);
        }

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => clients[i % 2].GetAsync("/", Ct)));

        Assert.Equal(100, statuses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(100, statuses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }
}
