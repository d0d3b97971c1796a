using EndpointStats.Gateway.Pipeline;
using EndpointStats.Gateway.Proxy;
using EndpointStats.Gateway.Stats;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Roles;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

public static class RecordingExtensions
{
    /// <summary>
    /// Request recording in the <see cref="GatewaySlot.Recording"/> slot and the seed <c>GET /stats</c>. Events go to the
    /// analytics role in this process (which registers the sink itself) or, in split mode, over HTTP to
    /// <c>Services:Analytics:Url</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRequestRecording(this IHostApplicationBuilder builder, RoleSet localRoles, IReadOnlyList<RemoteRole> remote)
    {
        builder.Services.AddOptions<RecordingOptions>()
            .BindConfiguration(RecordingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<RecordingMetrics>();
        builder.Services.TryAddSingleton<RequestEventChannel>();
        builder.Services.TryAddSingleton<RouteTemplates>();
        builder.Services.TryAddSingleton<GatewayStatsCache>();
        builder.AddModuleMeter(RecordingMetrics.MeterName);

        var analyticsHere = localRoles.Contains(PlatformRoles.Analytics);
        var analyticsUrl = remote.FirstOrDefault(r => r.Role == PlatformRoles.Analytics)?.Url;
        if (analyticsUrl is not null)
        {
            builder.Services.AddHttpClient(HttpEventBatchSink.ClientName, c => { c.BaseAddress = analyticsUrl; c.Timeout = TimeSpan.FromSeconds(30); });
            var key = builder.Configuration[$"{RecordingOptions.Section}:{nameof(RecordingOptions.IngestKey)}"];
            builder.Services.AddHttpClient(HttpEndpointSummarySource.ClientName, c =>
            {
                c.BaseAddress = analyticsUrl;
                c.Timeout = TimeSpan.FromSeconds(10);
                if (!string.IsNullOrEmpty(key))
                {
                    c.DefaultRequestHeaders.Add(IngestKeyHeader.Name, key);
                }
            });
            builder.Services.AddSingleton<IRequestEventBatchSink>(sp => new HttpEventBatchSink(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpEventBatchSink.ClientName), sp.GetRequiredService<IOptions<RecordingOptions>>()));
            builder.Services.AddSingleton<IEndpointSummarySource>(sp => new HttpEndpointSummarySource(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpEndpointSummarySource.ClientName)));
        }
        else if (!analyticsHere)
        {
            builder.Services.TryAddSingleton<IEndpointSummarySource, NoEndpointSummarySource>();
        }

        var recording = builder.Configuration.GetValue($"{RecordingOptions.Section}:{nameof(RecordingOptions.Recording)}", true);
        if (!recording)
        {
            return builder;
        }

        if (!analyticsHere && analyticsUrl is null)
        {
            builder.Services.AddHostedService(sp => new WarnAtStart(sp.GetRequiredService<ILogger<EventShipper>>(), GatewayLog.NoAnalytics));
            return builder;
        }

        if (analyticsUrl is not null && string.IsNullOrEmpty(builder.Configuration[IngestKeyHeader.Setting]))
        {
            builder.Services.AddHostedService(sp => new WarnAtStart(sp.GetRequiredService<ILogger<EventShipper>>(), GatewayLog.NoIngestKey));
        }

        if (analyticsUrl is not null)
        {
            builder.Services.AddHealthChecks().AddCheck<AnalyticsIngestHealthCheck>("analytics", tags: [HealthTags.Ready]);
        }

        builder.Services.AddHostedService<EventShipper>();
        builder.Services.AddGatewayStage(GatewaySlot.Recording, "recording", app => app.UseMiddleware<RecordingMiddleware>());
        return builder;
    }

    private sealed class WarnAtStart(ILogger logger, Action<ILogger> warn) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            warn(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
