using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// One key set's lease: units of quota already recorded in Redis that this replica grants locally until they run out or the
/// lease's lifetime ends. Taking a unit is lock-free; ending a lease and starting the next one happen under the entry's lock.
/// Times are ticks of the owning store's clock.
/// </summary>
internal sealed class Lease
{
    private readonly long[] _tats;
    private long _units;
    private long _expiresAt = long.MinValue;
    private long _size;
    private long _nextSize;

    public Lease(LimitCheck[] checks, long minUnits, long maxUnits, long now)
    {
        Checks = checks;
        MinUnits = minUnits;
        MaxUnits = maxUnits;
        _nextSize = minUnits;
        _tats = new long[checks.Length];
        LastSeen = now;
    }

    public LimitCheck[] Checks { get; }

    public long MinUnits { get; }

    /// <summary>The largest lease the limits allow (see <see cref="LeasingRateLimitStore.MaxUnits"/>).</summary>
    public long MaxUnits { get; }

    /// <summary>When a request last needed Redis for this key set; two within one lifetime make the key set hot. Under the lock.</summary>
    public long LastSeen { get; set; }

    /// <summary>The call starting the next lease, which concurrent requests wait for instead of calling Redis themselves. Under the lock.</summary>
    public Task<ScriptReply>? Refreshing { get; set; }

    /// <summary>Dropped from the table; no lease is started on it any more. Under the lock.</summary>
    public bool Removed { get; set; }

    public bool Expired(long now) => now >= Volatile.Read(ref _expiresAt);

    public long Units => Volatile.Read(ref _units);

    /// <summary>Grants <paramref name="cost"/> units of the current lease, if it has them and has not expired.</summary>
    public bool TryTake(long cost, long now, out RateLimitDecision decision)
    {
        decision = default;
        if (Expired(now))
        {
            return false;
        }

        long units;
        do
        {
            units = Volatile.Read(ref _units);
            if (units < cost)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _units, units - cost, units) != units);

        decision = Describe(cost, now);
        return true;
    }

    /// <summary>
    /// Ends the current lease: nothing more is granted from it. Returns the units it did not use (to hand back to Redis) and
    /// sizes the next lease from how this one went. Under the lock.
    /// </summary>
    public long Close(long now, out bool recentlyUsed)
    {
        var unused = Interlocked.Exchange(ref _units, 0);
        var expiresAt = Volatile.Read(ref _expiresAt);
        recentlyUsed = false;
        if (_size > 0)
        {
            var used = _size - unused;
            recentlyUsed = used > 0;
            _nextSize = unused == 0 && now < expiresAt
                ? Math.Min(_size * 2, MaxUnits)
                : Math.Clamp(used * 2, MinUnits, MaxUnits);
        }

        _size = 0;
        Volatile.Write(ref _expiresAt, long.MinValue);
        return unused;
    }

    /// <summary>Units to ask for next, at least <paramref name="cost"/>; 0 when the limits cannot lease that much. Under the lock.</summary>
    public long NextUnits(long cost) => cost > MaxUnits ? 0 : Math.Max(_nextSize, cost);

    /// <summary>
    /// Starts a lease of <paramref name="units"/>, granted by Redis with each limit at <paramref name="levels"/> before it (as seen
    /// at <paramref name="now"/>), ending at <paramref name="expiresAt"/>. Under the lock.
    /// </summary>
    public void Install(long units, long[] levels, long now, long expiresAt)
    {
        for (var i = 0; i < _tats.Length; i++)
        {
            Volatile.Write(ref _tats[i], now + levels[i]);
        }

        _size = units;
        Volatile.Write(ref _expiresAt, expiresAt);
        Volatile.Write(ref _units, units);
    }

    /// <summary>
    /// The headers' figures: each limit's level as Redis reported it when the lease began plus what this replica granted since
    /// (GCRA on a local copy of the TAT). Grants by other replicas in the meantime are not in it.
    /// </summary>
    private RateLimitDecision Describe(long cost, long now)
    {
        RateLimit? best = null;
        long bestRemaining = long.MaxValue, bestLevel = 0;
        for (var i = 0; i < _tats.Length; i++)
        {
            var limit = Checks[i].Limit;
            long tat, newTat;
            do
            {
                tat = Volatile.Read(ref _tats[i]);
                newTat = Math.Max(tat, now) + cost * limit.IntervalTicks;
            }
            while (Interlocked.CompareExchange(ref _tats[i], newTat, tat) != tat);

            var level = newTat - now;
            var remaining = Math.Max(0, (limit.CapacityTicks - level) / limit.IntervalTicks);
            if (best is null || remaining < bestRemaining)
            {
                (best, bestRemaining, bestLevel) = (limit, remaining, level);
            }
        }

        return Gcra.ToDecision(RateLimitOutcome.Allowed, best!, new LimitState(bestRemaining, bestLevel, 0)) with { Leased = true };
    }
}
