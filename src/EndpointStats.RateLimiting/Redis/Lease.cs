using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// One key set's leases: the grant units are taken from (lock-free), the next grant fetched ahead of need, and what ended grants
/// left unused until it goes back to Redis. Everything but taking happens under the entry's lock. Times are ticks of the owning
/// store's clock.
/// </summary>
internal sealed class Lease(LimitCheck[] checks, long minUnits, long maxUnits, long now)
{
    private LeaseGrant _current = LeaseGrant.None;
    private LeaseGrant? _next;
    private int _prefetching;
    private long _prefetchBlockedUntil = long.MinValue;
    private readonly long _minUnits = minUnits;
    private long _nextSize = minUnits;

    public LimitCheck[] Checks => checks;

    /// <summary>The largest lease the limits allow (see <see cref="LeasingRateLimitStore.MaxUnits"/>).</summary>
    public long MaxUnits => maxUnits;

    /// <summary>When a request last needed Redis for this key set; two within one lifetime make the key set busy. Under the lock.</summary>
    public long LastSeen { get; set; } = now;

    /// <summary>The call under way for this key set, which concurrent requests wait for instead of calling Redis. Under the lock.</summary>
    public Task<ScriptReply>? Refreshing { get; set; }

    /// <summary>Dropped from the table; no lease is started on it any more. Under the lock.</summary>
    public bool Removed { get; set; }

    /// <summary>Units of ended grants not yet handed back to Redis. Under the lock.</summary>
    public long ToReturn { get; set; }

    public LeaseGrant Current => Volatile.Read(ref _current);

    /// <summary>A grant fetched ahead, made current when the current one runs out or expires. Under the lock.</summary>
    public LeaseGrant? Next
    {
        get => Volatile.Read(ref _next);
        set => Volatile.Write(ref _next, value);
    }

    /// <summary>The fast path. <paramref name="fetchNext"/>: the grant is waning and nobody is fetching its successor yet.</summary>
    public bool TryTake(long cost, long now, out RateLimitDecision decision, out bool fetchNext)
    {
        var grant = Volatile.Read(ref _current);
        if (!grant.TryTake(cost, now))
        {
            decision = default;
            fetchNext = false;
            return false;
        }

        decision = grant.Describe(cost, now);
        fetchNext = grant.Waning(now) && Volatile.Read(ref _prefetching) == 0 && Next is null
            && now >= Volatile.Read(ref _prefetchBlockedUntil);
        return true;
    }

    public bool TryStartPrefetch() => Interlocked.CompareExchange(ref _prefetching, 1, 0) == 0;

    /// <summary>Ends a prefetch; one that got no lease is not tried again before the current grant ends.</summary>
    public void EndPrefetch(bool granted)
    {
        if (!granted)
        {
            Volatile.Write(ref _prefetchBlockedUntil, Current.ExpiresAt);
        }

        Volatile.Write(ref _prefetching, 0);
    }

    /// <summary>
    /// Ends the current grant (its unused units join <see cref="ToReturn"/>) and makes the next one current if it is still valid.
    /// <paramref name="wasUsed"/>: the ended grant had handed out something. Under the lock.
    /// </summary>
    public bool Advance(long now, out bool wasUsed)
    {
        var ended = Current;
        var unused = ended.Close();
        ToReturn += unused;
        wasUsed = ended.Size > unused;
        if (ended.Size > 0)
        {
            var used = ended.Size - unused;
            _nextSize = unused == 0 && !ended.Expired(now) ? Math.Min(ended.Size * 2, maxUnits) : Math.Clamp(used * 2, _minUnits, maxUnits);
        }

        var next = Next;
        Next = null;
        if (next is not null && !next.Expired(now))
        {
            Volatile.Write(ref _current, next);
            return true;
        }

        ToReturn += next?.Close() ?? 0;
        Volatile.Write(ref _current, LeaseGrant.None);
        return false;
    }

    /// <summary>
    /// Units to ask for: twice what the current grant's rate of use would take in one lifetime, at least
    /// <paramref name="cost"/>; 0 when the limits cannot lease that much. Under the lock.
    /// </summary>
    public long NextUnits(long now, long lifetime, long cost)
    {
        if (cost > maxUnits)
        {
            return 0;
        }

        var grant = Current;
        var want = _nextSize;
        if (grant.Size > 0)
        {
            var used = grant.Size - grant.Units;
            var elapsed = Math.Max(now - grant.StartedAt, 1);
            want = (long)Math.Min(2.0 * used * lifetime / elapsed, maxUnits);
        }

        return Math.Clamp(want, Math.Max(_minUnits, cost), maxUnits);
    }

    /// <summary>Closes every grant and returns all units to hand back. Under the lock.</summary>
    public long CloseAll()
    {
        var units = ToReturn + Current.Close() + (Next?.Close() ?? 0);
        ToReturn = 0;
        Next = null;
        Volatile.Write(ref _current, LeaseGrant.None);
        return units;
    }
}
