using EndpointStats.Gateway.Pipeline;
using EndpointStats.RateLimiting.Api;
using EndpointStats.RateLimiting.Http;
using EndpointStats.RateLimiting.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EndpointStats.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>The gateway's limiter: the engine, the rules, and the middleware in <see cref="GatewaySlot.RateLimiting"/>.</summary>
    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.AddRateLimitingRules();
        builder.Services.AddGatewayStage(GatewaySlot.RateLimiting, "rate-limiting", app => app.UseMiddleware<RateLimitMiddleware>());
        return builder;
    }

    /// <summary>The <c>ratelimiter</c> role: the engine and the rules behind <c>/api/ratelimit/*</c>.</summary>
    public static IHostApplicationBuilder AddRateLimiterService(this IHostApplicationBuilder builder) => builder.AddRateLimitingRules();

    public static RouteGroupBuilder MapRateLimiterService(this IEndpointRouteBuilder endpoints) => endpoints.MapRateLimiting();

    /// <summary>Engine plus rules; idempotent, since the gateway and the ratelimiter role may share a process.</summary>
    private static IHostApplicationBuilder AddRateLimitingRules(this IHostApplicationBuilder builder)
    {
        builder.AddRateLimitingEngine();
        builder.Services.TryAddSingleton<RuleProvider>();
        builder.Services.TryAddSingleton<RuleDecider>();
        if (!builder.Services.Any(d => d.ServiceType == typeof(RulesStartupCheck)))
        {
            builder.Services.AddHostedService<RulesStartupCheck>();
            builder.Services.AddSingleton<RulesStartupCheck>();
        }

        return builder;
    }
}
