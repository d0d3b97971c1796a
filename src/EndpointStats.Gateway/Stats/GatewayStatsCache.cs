using System.Text.Json;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Redis;
using EndpointStats.Gateway.Recording;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EndpointStats.Gateway.Stats;

/// <summary>
/// Keeps the per-endpoint summary for a few seconds so that <c>GET /stats</c> under load costs one rollup query per period:
/// in Redis when configured (shared by every gateway pod), else in this process. A Redis failure falls back to the source.
/// </summary>
public sealed class GatewayStatsCache(
    IEndpointSummarySource source,
    PlatformRedis redis,
    TimeProvider time,
    IOptions<RecordingOptions> options,
    ILogger<GatewayStatsCache> logger)
{
    public const string RedisKey = "endpoint-stats:gateway:stats";
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.StatsCacheSeconds);
    private (DateTimeOffset Expires, IReadOnlyList<EndpointSummary> Value)? _memory;

    public async Task<(IReadOnlyList<EndpointSummary> Endpoints, bool FromCache)> GetAsync(CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return (await source.GetAsync(cancellationToken), false);
        }

        return redis.Multiplexer is { } multiplexer
            ? await FromRedisAsync(multiplexer.GetDatabase(), cancellationToken)
            : await FromMemoryAsync(cancellationToken);
    }

    private async Task<(IReadOnlyList<EndpointSummary>, bool)> FromMemoryAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_memory is { } entry && now < entry.Expires)
        {
            return (entry.Value, true);
        }

        var fresh = await source.GetAsync(cancellationToken);
        _memory = (now + _ttl, fresh);
        return (fresh, false);
    }

    private async Task<(IReadOnlyList<EndpointSummary>, bool)> FromRedisAsync(IDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            var cached = await database.StringGetAsync(RedisKey);
            if (cached.HasValue)
            {
                return (JsonSerializer.Deserialize((byte[])cached!, AnalyticsContractJson.Default.ListEndpointSummary) ?? [], true);
            }
        }
        catch (RedisException ex)
        {
            GatewayLog.StatsFailed(logger, ex.Message);
            return (await source.GetAsync(cancellationToken), false);
        }

        var fresh = await source.GetAsync(cancellationToken);
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(fresh as List<EndpointSummary> ?? [.. fresh], AnalyticsContractJson.Default.ListEndpointSummary);
            await database.StringSetAsync(RedisKey, bytes, _ttl);
        }
        catch (RedisException ex)
        {
            GatewayLog.StatsFailed(logger, ex.Message);
        }

        return (fresh, false);
    }
}
