namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// The rate-limit engine: Redis when configured (one round trip covering every limit), otherwise process memory.
/// Registered by <c>AddRateLimitingEngine()</c>; the gateway, the <c>/api/ratelimit</c> service and other modules share it.
/// </summary>
public interface IRateLimiter
{
    /// <summary>
    /// Checks every limit for its key and consumes <paramref name="cost"/> from all of them, or from none: a request rejected by
    /// one limit consumes nothing anywhere. Does not throw when the store is down; see <paramref name="failureMode"/>.
    /// Await the result once (or read it once when it completed at once), as any <see cref="ValueTask{TResult}"/>: a decision
    /// that waits for Redis comes from a pooled state machine, reused after that.
    /// </summary>
    ValueTask<RateLimitDecision> CheckAsync(
        IReadOnlyList<LimitCheck> checks,
        long cost = 1,
        FailureMode failureMode = FailureMode.Open,
        CancellationToken cancellationToken = default);
}
