namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// The generic cell rate algorithm on one stored value, the theoretical arrival time (TAT). The bucket's level is how far the TAT
/// runs ahead of now; a request of cost <c>c</c> fits when <c>level + c * interval &lt;= burst * interval</c>. The Redis script
/// (<c>Redis/gcra.lua</c>) is the same arithmetic.
/// </summary>
internal static class Gcra
{
    /// <summary>Decides one limit; returns the new TAT to store when allowed.</summary>
    public static bool Decide(RateLimit limit, long tat, long now, long cost, out long newTat, out LimitState state)
    {
        var level = Math.Max(tat - now, 0);
        var increment = cost * limit.IntervalTicks;
        var newLevel = level + increment;
        if (newLevel <= limit.CapacityTicks)
        {
            newTat = now + newLevel;
            state = new LimitState((limit.CapacityTicks - newLevel) / limit.IntervalTicks, newLevel, 0);
            return true;
        }

        newTat = tat;
        state = new LimitState((limit.CapacityTicks - level) / limit.IntervalTicks, level, newLevel - limit.CapacityTicks);
        return false;
    }

    public static RateLimitDecision ToDecision(RateLimitOutcome outcome, RateLimit limit, in LimitState state, bool degraded = false) => new()
    {
        Outcome = outcome,
        Limit = limit,
        Remaining = state.Remaining,
        ResetAfter = TimeSpan.FromTicks(state.ResetTicks),
        RetryAfter = TimeSpan.FromTicks(state.RetryTicks),
        Degraded = degraded,
    };
}

/// <summary>One limit's figures after a decision, in ticks.</summary>
internal readonly record struct LimitState(long Remaining, long ResetTicks, long RetryTicks);
