namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// The answer for one check of several limits. <see cref="Limit"/> is the limit that rejected the request, or, when allowed,
/// the one with the least room left; the figures describe that limit.
/// </summary>
public readonly record struct RateLimitDecision
{
    public required RateLimitOutcome Outcome { get; init; }

    public RateLimit? Limit { get; init; }

    /// <summary>Requests (of cost 1) that would still be allowed right now under <see cref="Limit"/>.</summary>
    public long Remaining { get; init; }

    /// <summary>Until <see cref="Limit"/> is back to its full burst.</summary>
    public TimeSpan ResetAfter { get; init; }

    /// <summary>When limited: the earliest time the same request can succeed. Zero when allowed.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>Decided from this process's memory because the shared store was unreachable.</summary>
    public bool Degraded { get; init; }

    /// <summary>
    /// Granted from this replica's lease of Redis quota (recorded in Redis beforehand) rather than by a Redis call of its own;
    /// <see cref="Remaining"/> then leaves out what other replicas granted since the lease began.
    /// </summary>
    public bool Leased { get; init; }

    public bool Allowed => Outcome == RateLimitOutcome.Allowed;

    /// <summary>Used part of <see cref="Limit"/>'s burst (the seed's <c>current</c>).</summary>
    public long Current => Limit is null ? 0 : Math.Max(0, Limit.Burst - Remaining);

    public static RateLimitDecision Unlimited { get; } = new() { Outcome = RateLimitOutcome.Allowed };

    public static RateLimitDecision Unavailable(bool degraded = false) => new() { Outcome = RateLimitOutcome.Unavailable, Degraded = degraded };
}
