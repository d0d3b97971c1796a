using EndpointStats.Analytics.Ingestion;
using EndpointStats.Analytics.Queries;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Analytics.Tests;

/// <summary>The whole platform (gateway and analytics in one process) on fresh storage, with quick batch linger for tests.</summary>
internal sealed class AnalyticsPlatform : IAsyncDisposable
{
    private AnalyticsPlatform(PlatformFactory factory, TestStorage storage)
    {
        Factory = factory;
        Storage = storage;
    }

    public PlatformFactory Factory { get; }

    public TestStorage Storage { get; }

    public AnalyticsStore Store => Factory.Services.GetRequiredService<AnalyticsStore>();

    public AnalyticsQueries Queries => Factory.Services.GetRequiredService<AnalyticsQueries>();

    public EventIngestor Ingestor => Factory.Services.GetRequiredService<EventIngestor>();

    public static async Task<AnalyticsPlatform> StartAsync(TestServers servers, DatabaseProvider provider, IReadOnlyDictionary<string, string?>? extra = null) =>
        Start(await servers.CreateStorageAsync(provider), extra);

    /// <summary>The platform on storage prepared by the caller (a database left by an earlier version, say).</summary>
    public static AnalyticsPlatform Start(TestStorage storage, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(storage.Settings)
        {
            ["Analytics:BatchLingerMilliseconds"] = "100",
            ["Analytics:StatsCacheSeconds"] = "0",
            // Query views are admin-only by default; the authorization matrix lives in the identity tests.
            ["Security:AnonymousDashboards"] = "true",
            // These tests count requests, not limits: the seed rule (100 per minute on /) is computed but never enforced.
            ["RateLimiting:ShadowMode"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var platform = new AnalyticsPlatform(new PlatformFactory(settings), storage);
        _ = platform.Factory.Services;
        return platform;
    }

    public static RequestEvent Event(DateTime timestamp, string route = "/api/items/{id}", int status = 200, double durationMs = 10, string? client = "10.0.0.1") => new()
    {
        Id = Guid.CreateVersion7(),
        Timestamp = timestamp,
        Route = route,
        Method = "GET",
        Status = status,
        DurationMs = durationMs,
        ClientIp = client,
        PodName = "test",
    };

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
