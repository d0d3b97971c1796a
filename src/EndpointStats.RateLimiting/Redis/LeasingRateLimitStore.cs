using System.Collections.Concurrent;
using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// Redis-backed decisions with quota leases for busy key sets far from their limits. A lease of <c>k</c> units is recorded in
/// Redis first (one script call, Redis time) as if all <c>k</c> arrived at the end of the lease's lifetime, and only while
/// every limit stays at most half full afterwards; this replica then grants those units locally until they run out or the
/// lifetime ends, and hands the unused ones back. So the level held in Redis is never below what per-request decisions would
/// have produced, and a lease never lets through more than they would. Near a limit, and for limits too small to lease (see
/// <see cref="MaxUnits"/>), every decision is one exact script call, as without leases.
/// </summary>
internal sealed partial class LeasingRateLimitStore : IRateLimitStore, ISelfTimedStore, IDisposable, IAsyncDisposable
{
    /// <summary>A lease (plus its lifetime's worth of emission) holds at most this fraction of a limit's burst.</summary>
    internal const int BurstShare = 64;

    /// <summary>Smaller leases would save too few calls to be worth the reservation.</summary>
    internal const long MinUnits = 16;

    private readonly ConcurrentDictionary<IReadOnlyList<LimitCheck>, Lease> _leases = new(CheckListComparer.Instance);
    private readonly RedisRateLimitStore _redis;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly long _lifetimeTicks;
    private readonly int _maxKeys;
    private int _count;

    public LeasingRateLimitStore(RedisRateLimitStore redis, TimeProvider time, TimeSpan lifetime, int maxKeys)
    {
        _redis = redis;
        _time = time;
        _epoch = time.GetTimestamp();
        _lifetimeTicks = lifetime.Ticks;
        _maxKeys = maxKeys;
        _sweeper = time.CreateTimer(static state => ((LeasingRateLimitStore)state!).Sweep(), this, lifetime, lifetime);
    }

    /// <summary>Exact decisions end as the Redis store's do; the slow path (a script call of its own) is timed here.</summary>
    public TimeSpan AnswerWithin => _redis.AnswerWithin;

    /// <summary>Key sets currently tracked.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// The largest lease <paramref name="checks"/> allow: for each limit, what fits in <c>1/64</c> of its burst after the
    /// lifetime's padding. Below <see cref="MinUnits"/> the key set is never leased (a 100 per minute rule, for example).
    /// </summary>
    public static long MaxUnits(IReadOnlyList<LimitCheck> checks, long lifetimeTicks)
    {
        var max = long.MaxValue;
        for (var i = 0; i < checks.Count; i++)
        {
            var limit = checks[i].Limit;
            var room = limit.CapacityTicks / BurstShare - lifetimeTicks;
            if (room <= 0)
            {
                return 0;
            }

            max = Math.Min(max, room / limit.IntervalTicks);
        }

        return max;
    }

    public ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, long cost, CancellationToken cancellationToken)
    {
        if (cost > 0 && checks.Count > 0)
        {
            var now = Now();
            if (_leases.TryGetValue(checks, out var lease))
            {
                if (lease.TryTake(cost, now, out var decision, out var fetchNext))
                {
                    if (fetchNext)
                    {
                        Prefetch(lease);
                    }

                    return new ValueTask<RateLimitDecision>(decision);
                }

                return AnswerWithin == Timeout.InfiniteTimeSpan
                    ? SlowAsync(lease, checks, cost)
                    : new ValueTask<RateLimitDecision>(SlowAsync(lease, checks, cost).AsTask().WaitAsync(AnswerWithin, cancellationToken));
            }

            Track(checks, now);
        }

        return _redis.DecideAsync(checks, cost, cancellationToken);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        Task.WaitAll([.. ReturnAll()], TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        await Task.WhenAll(ReturnAll());
    }

    private long Now() => _time.GetElapsedTime(_epoch).Ticks;

    /// <summary>First sight of a key set that could be leased: remember it, so that a second request soon after finds it busy.</summary>
    private void Track(IReadOnlyList<LimitCheck> checks, long now)
    {
        var max = MaxUnits(checks, _lifetimeTicks);
        if (max < MinUnits || Volatile.Read(ref _count) >= _maxKeys)
        {
            return;
        }

        var copy = checks.ToArray();
        if (_leases.TryAdd(copy, new Lease(copy, MinUnits, max, now)))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>
    /// No unit left: take from the grant fetched ahead if there is one; otherwise one script call hands back what ended grants
    /// left and either starts the next lease (busy key set with room) or decides this request exactly. Concurrent requests wait
    /// for that call instead of making their own.
    /// </summary>
    private async ValueTask<RateLimitDecision> SlowAsync(Lease lease, IReadOnlyList<LimitCheck> checks, long cost)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            TaskCompletionSource<ScriptReply>? mine = null;
            Task<ScriptReply>? other = null;
            long returned = 0, units = 0, sentAt;
            lock (lease)
            {
                sentAt = Now();
                RateLimitDecision decision;
                if (lease.TryTake(cost, sentAt, out decision, out _))
                {
                    return decision;
                }

                if (lease.Removed)
                {
                    break;
                }

                if (lease.Advance(sentAt, out var wasUsed) && lease.TryTake(cost, sentAt, out decision, out _))
                {
                    return decision;
                }

                if (lease.Refreshing is { } pending)
                {
                    other = pending;
                }
                else
                {
                    var busy = wasUsed || sentAt - lease.LastSeen <= _lifetimeTicks;
                    lease.LastSeen = sentAt;
                    units = busy ? lease.NextUnits(sentAt, _lifetimeTicks, cost) : 0;
                    returned = lease.ToReturn;
                    lease.ToReturn = 0;
                    mine = new TaskCompletionSource<ScriptReply>(TaskCreationOptions.RunContinuationsAsynchronously);
                    lease.Refreshing = mine.Task;
                }
            }

            if (other is not null)
            {
                // Someone else's call: it may have brought a lease to take from; if not, decide this request on its own.
                if ((await other).LeaseLevels is null)
                {
                    break;
                }

                continue;
            }

            ScriptReply reply;
            try
            {
                reply = await _redis.CallAsync(checks, cost, units, _lifetimeTicks, returned);
            }
            catch
            {
                lock (lease)
                {
                    lease.Refreshing = null;
                }

                // Waiters make their own calls; the failure is this request's to report.
                mine!.SetResult(default);
                throw;
            }

            Settle(lease, mine!, reply, units, sentAt);
            if (reply.LeaseLevels is null)
            {
                return reply.Decision;
            }
        }

        return await _redis.DecideAsync(checks, cost, CancellationToken.None);
    }

    /// <summary>A call came back: a granted lease becomes the next grant (ending a lifetime after the call was sent, so never later than Redis recorded it for).</summary>
    private void Settle(Lease lease, TaskCompletionSource<ScriptReply> call, ScriptReply reply, long units, long sentAt)
    {
        lock (lease)
        {
            if (reply.LeaseLevels is { } levels)
            {
                lease.Next = new LeaseGrant(lease.Checks, units, levels, Now(), sentAt, sentAt + _lifetimeTicks);
            }

            lease.Refreshing = null;
        }

        call.SetResult(reply);
    }
}
