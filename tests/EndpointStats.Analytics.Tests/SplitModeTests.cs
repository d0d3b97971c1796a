using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace EndpointStats.Analytics.Tests;

/// <summary>
/// The gateway and the analytics role in separate hosts: batches over HTTP with the ingestion key, retried while analytics is
/// away, never double-counted.
/// </summary>
public sealed class SplitModeTests(TestServers servers)
{
    private const string Key = "split-key";

    [Fact]
    public async Task Split_NRequests_StoredExactlyAndGatewayStatsReadsThem()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        var port = FreePort.Next();
        await using var analytics = await StartAnalyticsAsync(storage, port);
        await using var gateway = Gateway(port);
        using var client = gateway.CreateClient();

        for (var i = 0; i < 250; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var counts = await Poll.UntilAsync(() => StoredCounts.ReadAsync(storage.PostgresConnectionString!, "/"), c => c.Rows >= 250);
        var stats = JsonDocument.Parse(await client.GetStringAsync("/stats")).RootElement.GetProperty("endpoints");

        Assert.Equal(new StoredCounts(250, 250, 250), counts);
        Assert.Equal(250, stats.EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == "/").GetProperty("access_count").GetInt64());
    }

    [Fact]
    public async Task Split_AnalyticsStopped30Seconds_EveryEventStoredOnce()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        var port = FreePort.Next();
        var analytics = await StartAnalyticsAsync(storage, port);
        await using var gateway = Gateway(port);
        using var client = gateway.CreateClient();
        var traffic = new SteadyTraffic(client, TimeSpan.FromMilliseconds(20));

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await analytics.StopAsync(TestContext.Current.CancellationToken);
        await analytics.DisposeAsync();
        var sentBeforeOutage = traffic.Sent;
        await Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var sentDuringOutage = traffic.Sent - sentBeforeOutage;
        await using var restarted = await StartAnalyticsAsync(storage, port);
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var sent = await traffic.StopAsync();
        await traffic.DisposeAsync();

        var counts = await Poll.UntilAsync(() => StoredCounts.ReadAsync(storage.PostgresConnectionString!, "/"), c => c.Rows >= sent, TimeSpan.FromSeconds(60));

        Assert.True(sentDuringOutage > 100, $"only {sentDuringOutage} requests during the outage");
        Assert.Equal(new StoredCounts(sent, sent, sent), counts);
    }

    private static async Task<WebApplication> StartAnalyticsAsync(TestStorage storage, int port)
    {
        var args = storage.Settings.Select(kv => $"--{kv.Key}={kv.Value}")
            .Concat(["--Platform:Roles=analytics", $"--Analytics:IngestKey={Key}", "--Security:AnonymousDashboards=true", $"--urls=http://127.0.0.1:{port}"]).ToArray();
        var app = PlatformApplication.Build(args);
        await app.StartAsync();
        return app;
    }

    private static PlatformFactory Gateway(int analyticsPort) => new(new Dictionary<string, string?>
    {
        ["Platform:Roles"] = "gateway",
        ["Services:Analytics:Url"] = $"http://127.0.0.1:{analyticsPort}",
        ["Analytics:IngestKey"] = Key,
        ["Analytics:BatchLingerMilliseconds"] = "100",
        ["Analytics:MaxRetryDelayMilliseconds"] = "1000",
        ["Analytics:StatsCacheSeconds"] = "0",
        ["RateLimiting:ShadowMode"] = "true",
        ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("es-gw-").FullName,
    });
}
