using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Analytics.Tests;

/// <summary>
/// A split-mode gateway whose <c>Analytics:IngestKey</c> analytics refuses: one error that names the setting, no tight retry
/// loop, events kept in the bounded buffer, and the state visible in readiness and metrics.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class IngestKeyRejectionTests(TestServers servers)
{
    [Fact]
    public async Task Split_WrongIngestKey_LogsErrorBacksOffAndShowsInHealthAndMetrics()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        var port = FreePort.Next();
        await using var analytics = await SplitMode.StartAnalyticsAsync(storage, port);
        var logs = new CapturedLogs();
        await using var gateway = SplitMode.Gateway(port, new Dictionary<string, string?> { ["Analytics:MaxRetryDelayMilliseconds"] = "300000" }, key: "wrong-key");
        await using var factory = gateway.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = factory.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var rejected = await Poll.UntilAsync(() => MetricsText.ReadAsync(client, "endpointstats_gateway_batches_rejected_total"), n => n >= 1);
        var state = await MetricsText.ReadAsync(client, "endpointstats_gateway_ingest_key_rejected");
        var shipped = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_shipped_total");
        var dropped = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_dropped_total");
        using var health = await client.GetAsync("/health");
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        var errors = logs.Entries.Where(e => e.Level == LogLevel.Error && e.EventId == 7100).ToList();
        var stored = await StoredCounts.ReadAsync(storage, "/");

        // One refused attempt: the next waits the longest retry delay (300 s), instead of hammering analytics.
        Assert.Equal(1, rejected);
        Assert.Equal(1, state);
        Assert.Equal(0, shipped);
        Assert.Equal(0, dropped);
        Assert.True(health.IsSuccessStatusCode, "a refused key degrades the gateway but must not take it out of service");
        Assert.Equal("ingest key rejected", body.GetProperty("analytics").GetString());
        Assert.Contains("Analytics:IngestKey", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.Equal(new StoredCounts(0, 0, 0), stored);
    }
}
