namespace EndpointStats.Analytics.Tests;

/// <summary>All roles in one process on a PostgreSQL that goes away for 30 seconds under steady traffic.</summary>
public sealed class PostgresOutageTests
{
    [Fact]
    public async Task InProcess_PostgresStopped30Seconds_EveryEventStoredOnce()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var platform = new PlatformFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("es-pg-outage-").FullName,
            ["Analytics:BatchLingerMilliseconds"] = "100",
            ["Analytics:MaxRetryDelayMilliseconds"] = "1000",
            // Query views are admin-only by default; the authorization matrix lives in the identity tests.
            ["Security:AnonymousDashboards"] = "true",
            // These tests count requests, not limits: the seed rule (100 per minute on /) is computed but never enforced.
            ["RateLimiting:ShadowMode"] = "true",
        });
        using var client = platform.CreateClient();
        var traffic = new SteadyTraffic(client, TimeSpan.FromMilliseconds(20));

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await postgres.StopAsync();
        var sentBeforeOutage = traffic.Sent;
        await Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var sentDuringOutage = traffic.Sent - sentBeforeOutage;
        await postgres.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var sent = await traffic.StopAsync();
        await traffic.DisposeAsync();

        var counts = await Poll.UntilAsync(() => StoredCounts.ReadAsync(connectionString, "/"), c => c.Rows >= sent, TimeSpan.FromSeconds(60));

        Assert.True(sentDuringOutage > 100, $"only {sentDuringOutage} requests during the outage");
        Assert.Equal(new StoredCounts(sent, sent, sent), counts);
    }
}
