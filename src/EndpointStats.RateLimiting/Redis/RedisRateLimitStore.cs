using EndpointStats.RateLimiting.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>What one script call did: a decision, or a lease granted (each limit's level before it, in ticks).</summary>
internal readonly record struct ScriptReply(RateLimitDecision Decision, long[]? LeaseLevels);

/// <summary>
/// GCRA state in Redis: at most one script call (EVALSHA once the script is cached) per decision, covering every limit; time
/// comes from the Redis server. Decisions that arrive while a call is in flight share the next call (<see cref="DecisionBatcher"/>),
/// each still all-or-nothing. Keys carry a hash tag so one decision's keys share a Redis Cluster slot (see <see cref="RedisKeys"/>).
/// </summary>
/// <param name="redis">The shared multiplexer.</param>
/// <param name="keyPrefix">Prefix of every key.</param>
/// <param name="staleAfter">A decision still unanswered after this long fails with a <see cref="TimeoutException"/>, and is not
/// sent if it is still waiting for its call; the engine passes its Redis timeout and then sets no timer of its own.</param>
/// <param name="directConnection">Whether exact decisions go over a connection of their own with a spinning I/O thread
/// (<see cref="Direct.DecisionConnection"/>) on a standalone or Sentinel-managed Redis, instead of through the multiplexer.</param>
/// <param name="logger">Where that connection logs going down and coming back.</param>
public sealed class RedisRateLimitStore(
    IConnectionMultiplexer redis, string keyPrefix, TimeSpan staleAfter, bool directConnection = false, ILogger? logger = null)
    : IRateLimitStore, ISelfTimedStore, IDisposable
{
    private static readonly EmbeddedScript Script = EmbeddedScript.Load("gcra.lua");

    private readonly DecisionBatcher _batcher = new(redis, staleAfter);
    private readonly Direct.DecisionConnection? _direct = directConnection && Direct.DecisionConnection.CanServe(redis) ? new(redis, staleAfter, logger ?? NullLogger.Instance) : null;

    public RedisRateLimitStore(IConnectionMultiplexer redis, string keyPrefix)
        : this(redis, keyPrefix, Timeout.InfiniteTimeSpan)
    {
    }

    public TimeSpan AnswerWithin => _batcher.StaleAfter;

    /// <summary>Whether exact decisions go over the store's own connection right now (else through the multiplexer).</summary>
    internal bool DecisionConnectionUp => _direct?.IsConnected == true;

    public ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, long cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        RedisConnection.ThrowIfDisconnected(redis);

        var keys = RedisKeys.For(keyPrefix, checks);
        // While the decision connection is down (it reconnects by itself), or on a Redis Cluster, the multiplexer carries them.
        var direct = _direct is not null && redis.GetHashSlot(keys[0]) < 0 ? _direct.TryDecideAsync(checks, keys, cost) : null;
        return new ValueTask<RateLimitDecision>(direct ?? _batcher.DecideAsync(checks, keys, cost));
    }

    public void Dispose() => _direct?.Dispose();

    /// <summary>
    /// One script call: hands back <paramref name="returnedUnits"/> of an ended lease, then grants a lease of
    /// <paramref name="leaseUnits"/> when every limit has room for it (see <c>gcra.lua</c>), else decides
    /// <paramref name="cost"/> exactly.
    /// </summary>
    internal async Task<ScriptReply> CallAsync(
        IReadOnlyList<LimitCheck> checks, long cost, long leaseUnits, long leaseLifetimeTicks, long returnedUnits)
    {
        var (keys, values) = Arguments(checks, cost, leaseUnits, leaseLifetimeTicks, returnedUnits);
        return Parse(await Script.EvaluateAsync(redis.GetDatabase(), keys, values), checks, cost);
    }

    private (RedisKey[] Keys, RedisValue[] Values) Arguments(
        IReadOnlyList<LimitCheck> checks, long cost, long leaseUnits, long leaseLifetimeTicks, long returnedUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        RedisConnection.ThrowIfDisconnected(redis);

        var count = 4 + (checks.Count * 3);
        var numbers = new byte[count * sizeof(double)];
        var writer = new PackedNumbers(numbers);
        writer.Add(cost);
        writer.Add(leaseUnits);
        writer.Add(leaseLifetimeTicks);
        writer.Add(returnedUnits);
        for (var i = 0; i < checks.Count; i++)
        {
            writer.Add(checks[i].Limit);
        }

        return (RedisKeys.For(keyPrefix, checks), [PackedNumbers.Format(count), numbers]);
    }

    private static ScriptReply Parse(RedisResult result, IReadOnlyList<LimitCheck> checks, long cost)
    {
        var items = (long[])result!;
        if (items[0] == 0)
        {
            return new ScriptReply(default, items[1..(checks.Count + 1)]);
        }

        var at = 0;
        return new ScriptReply(ReadDecision(items, ref at, checks, cost), null);
    }

    /// <summary>
    /// One decision of a script reply (both scripts answer alike) from <paramref name="at"/>, which it moves past it: the
    /// reported limit's 1-based index in <paramref name="checks"/> when there are several, then that limit's level + 1 in ticks
    /// (after the decision when allowed, before it when refused), negated when refused. Remaining, reset and retry follow from
    /// the level as the scripts computed them (<c>floor((capacity - level) / interval)</c>, the level, and
    /// <c>level + cost * interval - capacity</c>).
    /// </summary>
    internal static RateLimitDecision ReadDecision(ReadOnlySpan<long> items, ref int at, IReadOnlyList<LimitCheck> checks, long cost)
    {
        var index = checks.Count > 1 ? (int)items[at++] - 1 : 0;
        var signed = items[at++];
        var limit = checks[index].Limit;
        var level = Math.Abs(signed) - 1;
        var remaining = FloorDivide(limit.CapacityTicks - level, limit.IntervalTicks);
        if (signed > 0)
        {
            return Gcra.ToDecision(RateLimitOutcome.Allowed, limit, new LimitState(remaining, level, 0));
        }

        // Saturated: a cost of a million on a 30-day limit overflows a long (the script's doubles do not overflow).
        var retry = cost > (long.MaxValue - level) / limit.IntervalTicks
            ? long.MaxValue - limit.CapacityTicks
            : level + (cost * limit.IntervalTicks) - limit.CapacityTicks;
        return Gcra.ToDecision(RateLimitOutcome.Limited, limit, new LimitState(remaining, level, retry));
    }

    /// <summary>Division rounded down, as Lua's <c>math.floor(a / b)</c> (a level above a capacity lowered by a reload gives a negative remaining).</summary>
    private static long FloorDivide(long dividend, long divisor)
    {
        var quotient = Math.DivRem(dividend, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
