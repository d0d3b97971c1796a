using EndpointStats.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EndpointStats.Hosting.Metrics;

public static class MetricsExtensions
{
    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>OpenTelemetry metrics exported in Prometheus text format: ASP.NET Core, runtime, process and module meters.</summary>
    public static IHostApplicationBuilder AddPlatformMetrics(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton<ProcessMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName,
                serviceVersion: typeof(MetricsExtensions).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(FrameworkMeters)
                .AddMeter(ProcessMetrics.MeterName)
                .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Exports a module's meter (created through <c>IMeterFactory</c>, named <c>EndpointStats.&lt;Module&gt;</c>). Named explicitly:
    /// the exporter's wildcard matching missed factory-created meters.
    /// </summary>
    public static IHostApplicationBuilder AddModuleMeter(this IHostApplicationBuilder builder, string meterName)
    {
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(meterName));
        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Resolving the observable meters here makes them live before the first scrape.
        endpoints.ServiceProvider.GetRequiredService<ProcessMetrics>();
        endpoints.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(ProbeEndpointMetadata.Instance);
        return endpoints;
    }
}
