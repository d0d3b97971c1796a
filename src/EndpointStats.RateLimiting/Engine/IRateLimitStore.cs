namespace EndpointStats.RateLimiting.Engine;

/// <summary>Where GCRA state lives: process memory or Redis. All-or-nothing over the checks, like <see cref="IRateLimiter"/>.</summary>
public interface IRateLimitStore
{
    /// <summary>Throws when the store cannot be reached; the caller owns the failure policy.</summary>
    ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, long cost, CancellationToken cancellationToken);
}
