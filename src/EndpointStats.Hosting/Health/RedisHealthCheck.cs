using EndpointStats.Hosting.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndpointStats.Hosting.Health;

/// <summary>Down as soon as the multiplexer has lost its connection, otherwise a bounded PING.</summary>
public sealed class RedisHealthCheck(PlatformRedis redis) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, object> NotConfigured = new() { [HealthTags.StateKey] = HealthTags.NotConfigured };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis.Multiplexer is not { } multiplexer)
        {
            return HealthCheckResult.Healthy("in-memory", NotConfigured);
        }

        if (!multiplexer.IsConnected)
        {
            return HealthCheckResult.Unhealthy("not connected");
        }

        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("ping failed", ex);
        }
    }
}
