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
        // One state machine between the multiplexer's task and the caller: every extra async layer is another continuation.
        var (keys, values) = Arguments(checks, cost, leaseUnits: 0, leaseLifetimeTicks: 0, returnedUnits: 0);
        var database = redis.GetDatabase();
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(ScriptSha, keys, values);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            result = await database.ScriptEvaluateAsync(Script, keys, values);
        }

        return Parse(result, checks).Decision;
    }

    /// <summary>
    /// One script call: hands back <paramref name="returnedUnits"/> of an ended lease, then grants a lease of
    /// <paramref name="leaseUnits"/> when every limit has room for it (see <c>gcra.lua</c>), else decides
    /// <paramref name="cost"/> exactly.
    /// </summary>
    internal async Task<ScriptReply> CallAsync(
        IReadOnlyList<LimitCheck> checks, long cost, long leaseUnits, long leaseLifetimeTicks, long returnedUnits)
    {
        var (keys, values) = Arguments(checks, cost, leaseUnits, leaseLifetimeTicks, returnedUnits);
        var database = redis.GetDatabase();
        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(ScriptSha, keys, values);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            result = await database.ScriptEvaluateAsync(Script, keys, values);
        }

        return Parse(result, checks);
    }

    /// <summary>
    /// EVALSHA by the script's SHA-1 (no script text to hash or send per call); after a Redis restart or failover the script
    /// cache is empty (NOSCRIPT), so that one call sends the script with EVAL, which caches it again.
    /// </summary>
    private static bool IsNoScript(RedisServerException ex) => ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    private (RedisKey[] Keys, RedisValue[] Values) Arguments(
        IReadOnlyList<LimitCheck> checks, long cost, long leaseUnits, long leaseLifetimeTicks, long returnedUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (!redis.IsConnected)
        {
            // Fail fast instead of queueing behind the multiplexer's reconnect backlog.
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
        }

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

        return (RedisKeys.For(keyPrefix, checks), values);
    }

    private static ScriptReply Parse(RedisResult result, IReadOnlyList<LimitCheck> checks)
    {
        var items = (RedisResult[])result!;
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

    private static string LoadScript()
    {
        using var stream = typeof(RedisRateLimitStore).Assembly.GetManifestResourceStream("EndpointStats.RateLimiting.Redis.gcra.lua")
            ?? throw new InvalidOperationException("The GCRA script is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
