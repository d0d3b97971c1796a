using System.Net;
using System.Security.Claims;
using System.Text.Json;
using EndpointStats.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.Analytics.Tests;

/// <summary>Requests through the gateway in one process become events in the store, counted exactly.</summary>
public sealed class RecordingTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Gateway_NRequests_StatsCountExactly(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        using var client = platform.Factory.CreateClient();
        for (var i = 0; i < 137; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync("/healthz/live");
            await client.GetAsync("/no/such/path/" + i);
        }

        var stats = await Poll.UntilAsync(() => StatsAsync(client, "/api/analytics/stats?period=1h"), s => Count(s, "/") >= 137 && Count(s, "(unmatched)") >= 5);

        Assert.Equal(137, Count(stats, "/"));
        Assert.Equal(5, Count(stats, "(unmatched)"));
        Assert.DoesNotContain(stats, s => s.GetProperty("endpoint").GetString()!.Contains("healthz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_InnerSlotAnswers429OrThrows_RecordsFinalStatusAndUser()
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, DatabaseProvider.Sqlite);
        await using var factory = platform.Factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.AddGatewayStage(GatewaySlot.RateLimiting, "test-limit", app => app.Use(async (context, next) =>
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-42")], "test"));
                if (context.Request.Query.ContainsKey("boom"))
                {
                    throw new InvalidOperationException("inner slot failed");
                }

                if (context.Request.Query.ContainsKey("limited"))
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    return;
                }

                await next(context);
            }))));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/?limited=1")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/?boom=1")).StatusCode);
        var export = await Poll.UntilAsync(() => client.GetStringAsync("/api/analytics/export?period=1h&format=ndjson"),
            body => body.Contains("\"status\":429") && body.Contains("\"status\":500"));
        var limited = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("status").GetInt32() == 429);

        Assert.Equal("/", limited.GetProperty("route").GetString());
        Assert.Equal("user-42", limited.GetProperty("user_id").GetString());
        Assert.Equal("GET", limited.GetProperty("method").GetString());
        Assert.Contains("\"status\":500", export);
    }

    [Theory, BothProviders]
    public async Task Gateway_ChunkedResponse_RecordsBytesActuallyWritten(DatabaseProvider provider)
    {
        // GET / is a minimal API JSON result: written without a Content-Length.
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider, new Dictionary<string, string?> { ["Analytics:CountResponseBytes"] = "true" });
        using var client = platform.Factory.CreateClient();
        using var response = await client.GetAsync("/");
        var body = await response.Content.ReadAsByteArrayAsync();

        var export = await Poll.UntilAsync(() => client.GetStringAsync("/api/analytics/export?period=1h&format=ndjson"), text => text.Contains("\"route\":\"/\""));
        var recorded = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("route").GetString() == "/");

        Assert.True(body.Length > 0);
        Assert.Equal(body.Length, recorded.GetProperty("response_bytes").GetInt64());
    }

    [Fact]
    public async Task GatewayStats_Twice_SecondComesFromCache()
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Analytics:StatsCacheSeconds"] = "60" });
        using var client = platform.Factory.CreateClient();
        await client.GetAsync("/");
        await Poll.UntilAsync(() => StatsAsync(client, "/api/analytics/stats?period=1h"), s => Count(s, "/") == 1);

        var first = JsonDocument.Parse(await client.GetStringAsync("/stats")).RootElement;
        var second = JsonDocument.Parse(await client.GetStringAsync("/stats")).RootElement;

        Assert.False(first.GetProperty("from_cache").GetBoolean());
        Assert.True(second.GetProperty("from_cache").GetBoolean());
        var endpoint = first.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == "/");
        Assert.Equal(1, endpoint.GetProperty("access_count").GetInt64());
        Assert.Equal(100, endpoint.GetProperty("success_rate").GetDouble());
        Assert.False(string.IsNullOrEmpty(endpoint.GetProperty("pod_name").GetString()));
    }

    [Fact]
    public async Task GatewayStats_WithRedis_SecondComesFromRedis()
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, DatabaseProvider.Postgres, new Dictionary<string, string?>
        {
            ["Analytics:StatsCacheSeconds"] = "60",
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
        });
        using var client = platform.Factory.CreateClient();
        var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        await redis.GetDatabase().KeyDeleteAsync(Gateway.Stats.GatewayStatsCache.RedisKey);

        var first = JsonDocument.Parse(await client.GetStringAsync("/stats")).RootElement;
        var cached = await redis.GetDatabase().KeyExistsAsync(Gateway.Stats.GatewayStatsCache.RedisKey);
        var second = JsonDocument.Parse(await client.GetStringAsync("/stats")).RootElement;
        await redis.DisposeAsync();

        Assert.False(first.GetProperty("from_cache").GetBoolean());
        Assert.True(cached);
        Assert.True(second.GetProperty("from_cache").GetBoolean());
    }

    internal static async Task<List<JsonElement>> StatsAsync(HttpClient client, string path) =>
        JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.GetProperty("stats").EnumerateArray().ToList();

    internal static long Count(List<JsonElement> stats, string endpoint) =>
        stats.Where(s => s.GetProperty("endpoint").GetString() == endpoint).Sum(s => s.GetProperty("access_count").GetInt64());
}
