using EndpointStats.Gateway.Recording;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Tests;

/// <summary>The bounds of recording: a cap on route templates per proxied service, and a buffer that drops when full.</summary>
[Collection(MetricsCollection.Name)]
public sealed class RecordingLimitsTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task ProxiedPaths_BeyondMaxRoutesPerService_CountAsOther(DatabaseProvider provider)
    {
        // The images role is "remote" at an address nobody listens on: the proxy answers 503, and every request is recorded.
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider, new Dictionary<string, string?>
        {
            ["Platform:Roles"] = "gateway,analytics",
            ["Services:Images:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Analytics:MaxRoutesPerService"] = "2",
        });
        using var client = platform.Factory.CreateClient();
        foreach (var path in new[] { "alpha", "beta", "gamma", "alpha", "delta", "12345", "beta" })
        {
            await client.GetAsync($"/api/images/{path}/thumbnail");
        }

        var stats = await Poll.UntilAsync(() => RecordingTests.StatsAsync(client, "/api/analytics/stats?period=1h"),
            s => s.Sum(r => r.GetProperty("access_count").GetInt64()) >= 7);

        Assert.Equal(2, RecordingTests.Count(stats, "/api/images/alpha/thumbnail"));
        Assert.Equal(2, RecordingTests.Count(stats, "/api/images/beta/thumbnail"));
        Assert.Equal(3, RecordingTests.Count(stats, RouteTemplates.Other));
        Assert.DoesNotContain(stats, s => s.GetProperty("endpoint").GetString()!.Contains("gamma", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FullBuffer_DropsEvents_CountsThemAndWarnsAtMostOncePerInterval()
    {
        // Analytics is unreachable: the shipper holds one batch (100) in retry, the buffer takes 1,000, the rest is dropped.
        var logs = new CapturedLogs();
        var clock = new ManualClock();
        await using var gateway = SplitMode.Gateway(FreePort.Next(), new Dictionary<string, string?>
        {
            ["Analytics:BufferLimit"] = "1000",
            ["Analytics:BatchSize"] = "100",
            ["Analytics:MaxRetryDelayMilliseconds"] = "300000",
        });
        await using var factory = gateway.WithWebHostBuilder(web => web
            .ConfigureLogging(logging => logging.AddProvider(logs))
            .ConfigureTestServices(services => services.AddSingleton(sp => new RequestEventChannel(
                sp.GetRequiredService<IOptions<RecordingOptions>>(), sp.GetRequiredService<RecordingMetrics>(),
                sp.GetRequiredService<ILogger<RequestEventChannel>>(), clock))));
        using var client = factory.CreateClient();

        for (var i = 0; i < 1500; i++)
        {
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        var warningsBefore = logs.WithId(7000);
        clock.Advance(TimeSpan.FromSeconds(10));
        (await client.GetAsync("/")).EnsureSuccessStatusCode();
        var warnings = logs.WithId(7000);
        var recorded = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_recorded_total");
        var dropped = await MetricsText.ReadAsync(client, "endpointstats_gateway_events_dropped_total");

        Assert.Equal(1501, recorded + dropped);
        Assert.InRange(dropped, 401, 501);
        Assert.Single(warningsBefore);
        Assert.Contains("dropped 1 events", warningsBefore[0], StringComparison.Ordinal);
        Assert.Equal(2, warnings.Count);
        Assert.Contains($"dropped {dropped - 1} events", warnings[1], StringComparison.Ordinal);
    }

    /// <summary>A monotonic clock that moves only when told to, for the drop warning's interval.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
