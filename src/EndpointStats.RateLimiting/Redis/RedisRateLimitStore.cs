using System.Security.Cryptography;
using System.Text;
using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// GCRA state in Redis: one script call (EVALSHA once the script is cached) per decision, covering every limit; time comes
/// from the Redis server. Keys carry a hash tag so one decision's keys share a Redis Cluster slot (see <see cref="RedisKeys"/>).
/// </summary>
public sealed class RedisRateLimitStore(IConnectionMultiplexer redis, string keyPrefix) : IRateLimitStore
{
    private static readonly string Script = LoadScript();
    private static readonly byte[] ScriptSha = SHA1.HashData(Encoding.UTF8.GetBytes(Script));

    public async ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, long cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (!redis.IsConnected)
        {
            // Fail fast instead of queueing behind the multiplexer's reconnect backlog.
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
        }

        var keys = RedisKeys.For(keyPrefix, checks);
        var values = new RedisValue[1 + checks.Count * 3];
        values[0] = cost;
        for (var i = 0; i < checks.Count; i++)
        {
            var limit = checks[i].Limit;
            values[1 + i * 3] = limit.IntervalTicks;
            values[2 + i * 3] = limit.CapacityTicks;
            values[3 + i * 3] = (long)Math.Ceiling(limit.Period.TotalMilliseconds);
        }

        var result = (RedisResult[])(await EvaluateAsync(redis.GetDatabase(), keys, values))!;
        var allowed = (long)result[0] == 1;
        var state = new LimitState((long)result[2], (long)result[3], (long)result[4]);
        return Gcra.ToDecision(allowed ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited, checks[(int)(long)result[1] - 1].Limit, state);
    }

    /// <summary>
    /// EVALSHA by the script's SHA-1 (no script text to hash or send per call); after a Redis restart or failover the script
    /// cache is empty (NOSCRIPT), so that one call sends the script with EVAL, which caches it again.
    /// </summary>
    private static async Task<RedisResult> EvaluateAsync(IDatabase database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(ScriptSha, keys, values);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Script, keys, values);
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(RedisRateLimitStore).Assembly.GetManifestResourceStream("EndpointStats.RateLimiting.Redis.gcra.lua")
            ?? throw new InvalidOperationException("The GCRA script is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
