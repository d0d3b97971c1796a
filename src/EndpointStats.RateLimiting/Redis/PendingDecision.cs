using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>One exact decision waiting for its script call; its caller awaits <see cref="TaskCompletionSource{T}.Task"/>.</summary>
internal sealed class PendingDecision(IReadOnlyList<LimitCheck> checks, RedisKey[] keys, long cost, long queuedAt)
    // Asynchronous continuations: the call's completion loop must not run callers' code (a gateway request) inline, one after
    // the other (tried: no gain in the benchmark's latency, and the last caller of a batch would wait for all the others).
    : TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public IReadOnlyList<LimitCheck> Checks { get; } = checks;

    public RedisKey[] Keys { get; } = keys;

    public long Cost { get; } = cost;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival.</summary>
    public long QueuedAt { get; } = queuedAt;
}
