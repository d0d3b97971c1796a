using System.Text.Json;

namespace EndpointStats.Analytics.Tests;

/// <summary>
/// The gateway and the analytics role in separate hosts: batches over HTTP with the ingestion key, retried while analytics is
/// away, never double-counted.
/// </summary>
public sealed class SplitModeTests(TestServers servers)
{
    [Fact]
    public async Task Split_NRequests_StoredExactlyAndGatewayStatsReadsThem()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        var port = FreePort.Next();
        await using var analytics = await SplitMode.StartAnalyticsAsync(storage, port);
        await using var gateway = SplitMode.Gateway(port);
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
        var analytics = await SplitMode.StartAnalyticsAsync(storage, port);
        await using var gateway = SplitMode.Gateway(port);
        using var client = gateway.CreateClient();
        var traffic = new SteadyTraffic(client, TimeSpan.FromMilliseconds(20));

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await analytics.StopAsync(TestContext.Current.CancellationToken);
        await analytics.DisposeAsync();
        var sentBeforeOutage = traffic.Sent;
        await Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var sentDuringOutage = traffic.Sent - sentBeforeOutage;
        await using var restarted = await SplitMode.StartAnalyticsAsync(storage, port);
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var sent = await traffic.StopAsync();
        await traffic.DisposeAsync();

        var counts = await Poll.UntilAsync(() => StoredCounts.ReadAsync(storage.PostgresConnectionString!, "/"), c => c.Rows >= sent, TimeSpan.FromSeconds(60));

        Assert.True(sentDuringOutage > 100, $"only {sentDuringOutage} requests during the outage");
        Assert.Equal(new StoredCounts(sent, sent, sent), counts);
    }
}
