using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EndpointStats.Hosting.Redis;

public static class RedisExtensions
{
    /// <summary>
    /// Registers one shared multiplexer when <c>ConnectionStrings:Redis</c> (or <c>REDIS_HOST</c>) is set. It connects in the
    /// background and reconnects by itself, so a Redis that is down at start or goes away later degrades, never crashes, the process.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformRedis(this IHostApplicationBuilder builder)
    {
        var connectionString = ConnectionSettings.Redis(builder.Configuration);
        builder.Services.TryAddSingleton(sp => new PlatformRedis(connectionString is null ? null : Connect(sp, connectionString)));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthTags.Ready]);
        return builder;
    }

    private static ConnectionMultiplexer Connect(IServiceProvider services, string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidConfigurationException("ConnectionStrings:Redis", ex.Message);
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ClientName ??= "endpoint-stats";
        options.ReconnectRetryPolicy ??= new ExponentialRetry(250, 5000);
        // Socket I/O on the .NET thread pool rather than the client's own ten-thread pool: fewer thread hand-offs per reply. In
        // side runs on the two-core VM this took 0.1-0.3 core off 40,000 rate-limit decisions/s and lowered their p99 (see
        // docs/ratelimiting.md); the dedicated pool only protects code that blocks thread-pool threads waiting on Redis, which
        // the platform never does.
        options.SocketManager ??= SocketManager.ThreadPool;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("EndpointStats.Redis");
        var multiplexer = ConnectionMultiplexer.Connect(options);
        multiplexer.ConnectionFailed += (_, e) => HostingLog.RedisConnection(logger, "lost", e.EndPoint?.ToString() ?? "?");
        multiplexer.ConnectionRestored += (_, e) => HostingLog.RedisConnection(logger, "restored", e.EndPoint?.ToString() ?? "?");
        return multiplexer;
    }
}
