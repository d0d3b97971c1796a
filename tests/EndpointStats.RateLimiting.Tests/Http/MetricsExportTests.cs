using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class MetricsExportTests
{
    [Fact]
    public async Task Metrics_AfterDecisions_ExportsTheRateLimitFamilies()
    {
        using var host = new RateLimitHost();
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();
        var text = "";

        // Meters are process-wide and other tests' hosts come and go, so scrape until a decision of this host is exported.
        await Eventually.TrueAsync(
            async () =>
            {
                await client.GetAsync("/", TestContext.Current.CancellationToken);
                text = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
                return text.Contains("ratelimit_decisions_total{", StringComparison.Ordinal);
            },
            "rate-limit decisions exported");

        Assert.Contains("ratelimit_decision_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("rule=\"root\"", text, StringComparison.Ordinal);
    }
}
