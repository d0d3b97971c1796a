using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Redis;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Http;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.RateLimiting;

public static class RateLimitingEngineExtensions
{
    /// <summary>
    /// Registers <see cref="IRateLimiter"/> (Redis when <c>ConnectionStrings:Redis</c> is set, else memory) with its options and
    /// metrics. Safe to call from several modules: it registers once.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimitingEngine(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(IRateLimiter)))
        {
            return builder;
        }

        builder.Services.AddOptions<RateLimitingOptions>()
            .BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RateLimitingMetrics>();
        // Every engine caller that keys by client (gateway, ratelimiter role, login throttling) resolves it the same way.
        builder.Services.TryAddSingleton<ClientAddressResolver>();
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            return new MemoryRateLimitStore(
                sp.GetRequiredService<TimeProvider>(),
                options.Memory.MaxKeys,
                TimeSpan.FromSeconds(options.Memory.SweepSeconds));
        });
        // Singletons of their own so that the container disposes them at shutdown: the Redis store closes its decision
        // connection, the leasing store hands unused lease units back to Redis.
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            var multiplexer = sp.GetRequiredService<PlatformRedis>().Multiplexer
                ?? throw new InvalidOperationException("The Redis store needs ConnectionStrings:Redis.");
            return new RedisRateLimitStore(
                multiplexer,
                options.KeyPrefix,
                TimeSpan.FromMilliseconds(options.RedisTimeoutMilliseconds),
                options.RedisDecisionConnection,
                sp.GetRequiredService<ILogger<RedisRateLimitStore>>());
        });
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            return new LeasingRateLimitStore(
                sp.GetRequiredService<RedisRateLimitStore>(),
                sp.GetRequiredService<TimeProvider>(),
                TimeSpan.FromMilliseconds(options.Leases.LifetimeMilliseconds),
                options.Leases.MaxKeys);
        });
        builder.Services.AddSingleton<IRateLimiter>(CreateRateLimiter);
        builder.AddModuleMeter(RateLimitingMetrics.MeterName);
        return builder;
    }

    private static RateLimiter CreateRateLimiter(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<RateLimiter>>();
        var shared = SharedStore(services, options);
        RateLimitingLog.StoreSelected(logger, shared switch { null => "memory", LeasingRateLimitStore => "redis with leases", _ => "redis" });
        return new RateLimiter(
            shared,
            services.GetRequiredService<MemoryRateLimitStore>(),
            new CircuitBreaker(options.BreakerFailures, TimeSpan.FromSeconds(options.BreakerOpenSeconds), time),
            new DividedLimits(options.ExpectedReplicas),
            TimeSpan.FromMilliseconds(options.RedisTimeoutMilliseconds),
            services.GetRequiredService<RateLimitingMetrics>(),
            logger);
    }

    private static IRateLimitStore? SharedStore(IServiceProvider services, RateLimitingOptions options)
    {
        if (services.GetService<PlatformRedis>()?.Multiplexer is null)
        {
            return null;
        }

        return options.Leases.Enabled
            ? services.GetRequiredService<LeasingRateLimitStore>()
            : services.GetRequiredService<RedisRateLimitStore>();
    }
}
