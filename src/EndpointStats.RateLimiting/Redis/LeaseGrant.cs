using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// One lease granted by Redis: <see cref="Size"/> units, already recorded there, that may be handed out until
/// <see cref="ExpiresAt"/>. Taking is lock-free. Times are ticks of the owning store's clock.
/// </summary>
internal sealed class LeaseGrant
{
    private readonly LimitCheck[] _checks;
    private readonly long[] _tats;
    private long _units;

    public LeaseGrant(LimitCheck[] checks, long size, long[] levels, long now, long startedAt, long expiresAt)
    {
        _checks = checks;
        Size = size;
        _units = size;
        StartedAt = startedAt;
        ExpiresAt = expiresAt;
        _tats = new long[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            _tats[i] = now + levels[i];
        }
    }

    private LeaseGrant()
    {
        _checks = [];
        _tats = [];
        ExpiresAt = long.MinValue;
    }

    /// <summary>Grants nothing; stands in before the first lease.</summary>
    public static LeaseGrant None { get; } = new();

    public long Size { get; }

    public long StartedAt { get; }

    public long ExpiresAt { get; }

    public long Units => Volatile.Read(ref _units);

    public bool Expired(long now) => now >= ExpiresAt;

    /// <summary>Half used or half way through its lifetime: time to fetch the next lease so that nobody waits for it.</summary>
    public bool Waning(long now) => Units * 2 < Size || (now - StartedAt) * 2 > ExpiresAt - StartedAt;

    public bool TryTake(long cost, long now)
    {
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

        return true;
    }

    /// <summary>Nothing more is granted; returns the units left (to hand back to Redis).</summary>
    public long Close() => Interlocked.Exchange(ref _units, 0);

    /// <summary>
    /// The headers' figures after a take: each limit's level as Redis reported it when the lease began plus what this replica
    /// took since (GCRA on a local copy of the TAT). Grants by other replicas in the meantime are not in it.
    /// </summary>
    public RateLimitDecision Describe(long cost, long now)
    {
        RateLimit? best = null;
        long bestRemaining = long.MaxValue, bestLevel = 0;
        for (var i = 0; i < _tats.Length; i++)
        {
            var limit = _checks[i].Limit;
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
