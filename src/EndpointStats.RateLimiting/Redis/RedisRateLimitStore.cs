using System.Security.Cryptography;
using System.Text;
using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>What one script call did: a decision, or a lease granted (each limit's level before it, in ticks).</summary>
internal readonly record struct ScriptReply(RateLimitDecision Decision, long[]? LeaseLevels);

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
        var reply = await CallAsync(checks, cost, leaseUnits: 0, leaseLifetimeTicks: 0, returnedUnits: 0);
        return reply.Decision;
    }

    /// <summary>
    /// One script call: hands back <paramref name="returnedUnits"/> of an ended lease, then grants a lease of
    /// <paramref name="leaseUnits"/> when every limit has room for it (see <c>gcra.lua</c>), else decides
    /// <paramref name="cost"/> exactly.
    /// </summary>
    internal async Task<ScriptReply> CallAsync(
        IReadOnlyList<LimitCheck> checks, long cost, long leaseUnits, long leaseLifetimeTicks, long returnedUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (!redis.IsConnected)
        {
            // Fail fast instead of queueing behind the multiplexer's reconnect backlog.
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
        }

        var keys = RedisKeys.For(keyPrefix, checks);
        var values = new RedisValue[4 + checks.Count * 3];
        values[0] = cost;
        values[1] = leaseUnits;
        values[2] = leaseLifetimeTicks;
        values[3] = returnedUnits;
        for (var i = 0; i < checks.Count; i++)
        {
            var limit = checks[i].Limit;
            values[4 + i * 3] = limit.IntervalTicks;
            values[5 + i * 3] = limit.CapacityTicks;
            values[6 + i * 3] = (long)Math.Ceiling(limit.Period.TotalMilliseconds);
        }

        var items = (RedisResult[])(await EvaluateAsync(redis.GetDatabase(), keys, values))!;
        var kind = (long)items[0];
        if (kind == 2)
        {
            var levels = new long[checks.Count];
            for (var i = 0; i < levels.Length; i++)
            {
                levels[i] = (long)items[i + 1];
            }

            return new ScriptReply(default, levels);
        }

        var state = new LimitState((long)items[2], (long)items[3], (long)items[4]);
        var outcome = kind == 1 ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited;
        return new ScriptReply(Gcra.ToDecision(outcome, checks[(int)(long)items[1] - 1].Limit, state), null);
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
