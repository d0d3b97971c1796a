using EndpointStats.Cluster.Api;
using EndpointStats.Cluster.Cache;
using EndpointStats.Cluster.Connection;
using EndpointStats.Cluster.Health;
using EndpointStats.Cluster.History;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Migrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EndpointStats.Cluster;

public static class ClusterExtensions
{
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources("cluster", typeof(ClusterExtensions).Assembly);

    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterOptions>()
            .BindConfiguration(ClusterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();

        // Replaceable so that tests (and embedders) can resolve against an environment other than this process's.
        builder.Services.TryAddSingleton(_ => ClusterEnvironment.FromProcess());
        builder.Services.AddSingleton(sp => ClusterConnectionResolver.Resolve(
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value, sp.GetRequiredService<ClusterEnvironment>()));
        builder.Services.AddSingleton(sp => new ClusterCache(sp.GetRequiredService<ClusterConnection>()));
        builder.Services.AddSingleton<ClusterMetrics>();
        builder.Services.AddSingleton<PodHistoryStore>();
        builder.Services.AddSingleton<PodHistoryRecorder>();
        builder.Services.AddSingleton<PodHistoryRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PodHistoryRecorder>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PodHistoryRetention>());
        builder.Services.AddHostedService<ClusterWatcher>();
        builder.Services.AddHealthChecks().AddCheck<KubernetesHealthCheck>("kubernetes", tags: [HealthTags.Ready]);
        builder.AddModuleMeter(ClusterMetrics.MeterName);
        return builder;
    }

    public static RouteGroupBuilder MapCluster(this WebApplication app) => ClusterApi.MapCluster(app);
}
