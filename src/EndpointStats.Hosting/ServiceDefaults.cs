using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Redis;
using EndpointStats.Hosting.Roles;
using EndpointStats.Hosting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EndpointStats.Hosting;

/// <summary>What every role gets: JSON logs, problem details, health, metrics, OpenAPI and graceful shutdown.</summary>
public static class ServiceDefaults
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaultsLogging();
        builder.Services.AddOptions<HostingOptions>()
            .BindConfiguration(HostingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<HostingOptions>>((host, hosting) => host.ShutdownTimeout = hosting.Value.ShutdownTimeout);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddHealthChecks();
        builder.Services.TryAddSingleton<HealthReporter>();
        builder.AddPlatformMetrics("endpoint-stats");
        builder.Services.AddPlatformOpenApi();
        return builder;
    }

    /// <summary>One JSON object per line on stdout, UTC timestamps: what log collectors in Kubernetes expect.</summary>
    public static IHostApplicationBuilder AddServiceDefaultsLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
        return builder;
    }

    /// <summary>The outer middleware every role shares; module and gateway middleware go between this and the endpoints.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRouting();
        return app;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        app.MapHealthEndpoints();
        app.MapPlatformMetrics();
        app.MapPlatformOpenApi();
        return app;
    }

    private static void LogStarted(WebApplication app)
    {
        var roles = app.Services.GetRequiredService<RoleSet>();
        var database = app.Services.GetService<PlatformDatabase>()?.Description ?? "not used";
        var redis = app.Services.GetService<PlatformRedis>() switch
        {
            null => "not used",
            { Multiplexer: { } m } => m.Configuration.Split(',')[0],
            _ => "not configured (in-memory)",
        };
        HostingLog.Started(app.Logger, roles.ToString(), database, redis);
    }
}
