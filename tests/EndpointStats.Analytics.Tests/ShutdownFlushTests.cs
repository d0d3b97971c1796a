namespace EndpointStats.Analytics.Tests;

/// <summary>
/// Events still in the gateway's buffer when the host stops are delivered before it exits: in one process to the store, in
/// split mode to the analytics role. The linger time (60 s) and batch size keep them buffered until then.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class ShutdownFlushTests(TestServers servers)
{
    private static readonly Dictionary<string, string?> HoldInBuffer = new()
    {
        ["Analytics:BatchLingerMilliseconds"] = "60000",
        ["Analytics:BatchSize"] = "100000",
    };

    [Theory, BothProviders]
    public async Task InProcess_Shutdown_FlushesBufferedEventsToStore(DatabaseProvider provider)
    {
        var platform = await AnalyticsPlatform.StartAsync(servers, provider, HoldInBuffer);
        using var client = platform.Factory.CreateClient();
        for (var i = 0; i < 50; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var buffered = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_buffered");
        await platform.DisposeAsync();
        var counts = await StoredCounts.ReadAsync(platform.Storage, "/");

        Assert.Equal(50, buffered);
        Assert.Equal(new StoredCounts(50, 50, 50), counts);
    }

    [Fact]
    public async Task Split_GatewayShutdown_SendsBufferedEventsToAnalytics()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        var port = FreePort.Next();
        await using var analytics = await SplitMode.StartAnalyticsAsync(storage, port);
        var gateway = SplitMode.Gateway(port, HoldInBuffer);
        using var client = gateway.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var buffered = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_buffered");
        await gateway.DisposeAsync();
        var counts = await StoredCounts.ReadAsync(storage, "/");

        Assert.Equal(40, buffered);
        Assert.Equal(new StoredCounts(40, 40, 40), counts);
    }
}
