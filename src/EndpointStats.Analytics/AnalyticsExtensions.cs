using EndpointStats.Analytics.Ingestion;
using EndpointStats.Analytics.Maintenance;
using EndpointStats.Analytics.Queries;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndpointStats.Analytics;

public static class AnalyticsExtensions
{
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources("analytics", typeof(AnalyticsExtensions).Assembly);

    /// <summary>
    /// Storage, ingestion, queries and maintenance. Registers itself as the gateway's batch sink and summary source, so in one
    /// process the gateway's events reach the store without HTTP.
    /// </summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AnalyticsStore>(sp => sp.GetRequiredService<PlatformDatabase>().Provider == DatabaseProvider.Postgres
            ? new PostgresAnalyticsStore(sp.GetRequiredService<PlatformDatabase>())
            : new SqliteAnalyticsStore(sp.GetRequiredService<PlatformDatabase>()));
        builder.Services.AddSingleton<AnalyticsMetrics>();
        builder.Services.AddSingleton<EventIngestor>();
        builder.Services.AddSingleton<AnalyticsQueries>();
        builder.Services.AddSingleton<IngestKeyFilter>();
        // Plain Add (not TryAdd): the gateway, added earlier, may have registered its fallback; the last registration wins.
        builder.Services.AddSingleton<IRequestEventBatchSink>(sp => sp.GetRequiredService<EventIngestor>());
        builder.Services.AddSingleton<IEndpointSummarySource>(sp => sp.GetRequiredService<AnalyticsQueries>());
        builder.Services.AddHostedService<AnalyticsStoreStartup>();
        builder.Services.AddHostedService<AnalyticsMaintenanceService>();
        builder.Services.AddHostedService<RollupCompactor>();
        builder.AddModuleMeter(AnalyticsMetrics.MeterName);
        return builder;
    }

    public static RouteGroupBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCollect();
        return endpoints.MapAnalyticsQueries();
    }
}
