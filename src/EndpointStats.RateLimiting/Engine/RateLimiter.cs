using System.Diagnostics;
using System.Runtime.CompilerServices;
using EndpointStats.RateLimiting.Memory;
using Microsoft.Extensions.Logging;

namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// The engine: decides on the shared store (Redis) within a bounded time, behind a circuit breaker; while the shared store is
/// unreachable, decides from memory with divided limits (fail-open) or refuses (fail-closed). Without a shared store, memory only.
/// </summary>
internal sealed class RateLimiter(
    IRateLimitStore? shared,
    MemoryRateLimitStore local,
    CircuitBreaker breaker,
    DividedLimits divided,
    TimeSpan timeout,
    RateLimitingMetrics metrics,
    ILogger<RateLimiter> logger) : IRateLimiter
{
    /// <summary>
    /// The store ends its own decisions within the timeout: no timer per decision. A cancelled request then still waits for
    /// its decision, at most the timeout.
    /// </summary>
    private readonly bool _storeTimesItself =
        shared is ISelfTimedStore { AnswerWithin: var within } && within != Timeout.InfiniteTimeSpan && within <= timeout;

    public ValueTask<RateLimitDecision> CheckAsync(
        IReadOnlyList<LimitCheck> checks,
        long cost = 1,
        FailureMode failureMode = FailureMode.Open,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        if (checks.Count == 0)
        {
            return new ValueTask<RateLimitDecision>(RateLimitDecision.Unlimited);
        }

        var start = Stopwatch.GetTimestamp();
        if (shared is null)
        {
            var decision = local.Decide(checks, cost);
            metrics.Latency("memory", start);
            return new ValueTask<RateLimitDecision>(decision);
        }

        return SharedAsync(shared, checks, cost, failureMode, start, cancellationToken);
    }

    // Pooled: the state machine of a decision that waits for Redis is reused instead of allocated each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RateLimitDecision> SharedAsync(
        IRateLimitStore shared, IReadOnlyList<LimitCheck> checks, long cost, FailureMode failureMode, long start, CancellationToken cancellationToken)
    {
        if (breaker.TryEnter())
        {
            try
            {
                // A lease grant completes at once: no timer, no task; and it says nothing about Redis's health.
                var pending = shared.DecideAsync(checks, cost, cancellationToken);
                if (pending.IsCompletedSuccessfully && pending.Result.Leased)
                {
                    metrics.Latency("lease", start);
                    return pending.Result;
                }

                var decision = pending.IsCompletedSuccessfully ? pending.Result
                    : _storeTimesItself ? await pending
                    : await pending.AsTask().WaitAsync(timeout, cancellationToken);
                breaker.Success();
                metrics.Latency(decision.Leased ? "lease" : "redis", start);
                return decision;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                metrics.StoreError(ex is TimeoutException ? "timeout" : "error");
                if (breaker.Failure())
                {
                    RateLimitingLog.BreakerOpened(logger, ex.GetType().Name, ex.Message);
                }
            }
        }

        if (failureMode == FailureMode.Closed)
        {
            return RateLimitDecision.Unavailable(degraded: true);
        }

        var fallback = local.Decide(divided.Divide(checks), cost) with { Degraded = true };
        metrics.Latency("fallback", start);
        return fallback;
    }
}
