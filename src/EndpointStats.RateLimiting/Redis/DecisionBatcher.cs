using System.Collections.Concurrent;
using System.Diagnostics;
using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// Sends exact decisions to Redis with as few script calls as the load allows. A decision goes out at once while fewer than
/// <see cref="MaxCallsInFlight"/> calls are in flight for its lane; decisions arriving meanwhile wait for one of them to answer
/// and then go together in one call of <c>decide.lua</c>, which applies them in arrival order, each all-or-nothing over its own
/// limits, at one Redis time. Lightly loaded, that is one call per decision with no added wait; busy, a decision waits at most
/// one call longer and Redis and this process spend their per-call work (round trip, script start, reply, thread hops) once
/// per batch. One lane per Redis Cluster hash slot (a call's keys must share one), a single lane on a standalone server.
/// A decision still unanswered after <c>staleAfter</c> fails with a <see cref="TimeoutException"/> (see the Deadlines part).
/// </summary>
internal sealed partial class DecisionBatcher
{
    /// <summary>Bounds one call's keys, so that a script call never holds Redis for long.</summary>
    internal const int MaxKeysPerCall = 256;

    /// <summary>
    /// Script calls in flight per lane; decisions arriving while all are out wait for the next one to answer. Two rather than
    /// one: Redis finds the next call already sent when it finishes one, instead of idling through this process's turnaround.
    /// </summary>
    internal const int MaxCallsInFlight = 2;

    /// <summary>Beyond this many waiting decisions in a lane a new one fails at once (the engine's failure policy applies).</summary>
    internal const int MaxQueued = 16_384;

    private static readonly EmbeddedScript Script = EmbeddedScript.Load("decide.lua");

    private readonly IConnectionMultiplexer _redis;
    private readonly Lane _standalone;
    private readonly ConcurrentDictionary<int, Lane> _slots = new();

    public DecisionBatcher(IConnectionMultiplexer redis, TimeSpan staleAfter)
    {
        _redis = redis;
        StaleAfter = staleAfter;
        _standalone = new Lane(staleAfter);
        _sweepPeriod = SweepPeriod(staleAfter);
        _deadlines = staleAfter == Timeout.InfiniteTimeSpan
            ? null
            : new Timer(static state => ((DecisionBatcher)state!).Expire(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public Task<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, RedisKey[] keys, long cost)
    {
        var pending = new PendingDecision(checks, keys, cost, Stopwatch.GetTimestamp());
        var slot = _redis.GetHashSlot(keys[0]);
        var lane = slot < 0 ? _standalone : _slots.GetOrAdd(slot, static (_, staleAfter) => new Lane(staleAfter), StaleAfter);
        WatchDeadlines();
        lock (lane)
        {
            if (lane.InFlight >= MaxCallsInFlight)
            {
                lane.Queue.Enqueue(pending);
                return pending.Task;
            }

            lane.InFlight++;
            List<PendingDecision> batch = [pending];
            var sender = Array.IndexOf(lane.Sent, null);
            lane.Sent[sender] = batch;
            // Sent under the lane's lock, as every call is: calls reach Redis in the order their decisions arrived.
            _ = RunAsync(lane, sender, batch);
        }

        return pending.Task;
    }

    /// <summary>
    /// Sends <paramref name="batch"/>; when it answers, sends what queued meanwhile before answering the batch's callers.
    /// <paramref name="sender"/>: this loop's place in <see cref="Lane.Sent"/>, where its call in flight is kept for the deadlines.
    /// </summary>
    private async Task RunAsync(Lane lane, int sender, List<PendingDecision> batch)
    {
        var call = EvaluateAsync(batch);
        while (true)
        {
            RedisResult? result = null;
            Exception? error = null;
            try
            {
                result = await call.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            List<PendingDecision>? next;
            lock (lane)
            {
                // Taken and sent under one lock: the other call in flight may answer at the same time, and its batch
                // (taken later) must not reach Redis before this one.
                next = Take(lane);
                lane.Sent[sender] = next;
                if (next is not null)
                {
                    call = EvaluateAsync(next);
                }
            }

            Complete(batch, result, error);
            if (next is null)
            {
                return;
            }

            batch = next;
        }
    }

    private Task<RedisResult> EvaluateAsync(List<PendingDecision> batch)
    {
        try
        {
            RedisConnection.ThrowIfDisconnected(_redis);

            var (keys, values) = Arguments(batch);
            return Script.EvaluateAsync(_redis.GetDatabase(), keys, values);
        }
        catch (Exception ex)
        {
            return Task.FromException<RedisResult>(ex);
        }
    }

    /// <summary>The next batch (oldest first, up to <see cref="MaxKeysPerCall"/> keys), or null when the lane is idle again.</summary>
    private List<PendingDecision>? Take(Lane lane)
    {
        lock (lane)
        {
            // Decisions past their time are failed, not sent: sending them would consume for nothing.
            var batch = lane.Queue.TakeBatch(Stopwatch.GetTimestamp());
            if (batch is null)
            {
                lane.InFlight--;
            }

            return batch;
        }
    }

    private sealed class Lane(TimeSpan staleAfter)
    {
        public DecisionQueue Queue { get; } = new(staleAfter);

        public int InFlight { get; set; }

        /// <summary>The batch of each call in flight, by sender; null where a sender is idle.</summary>
        public List<PendingDecision>?[] Sent { get; } = new List<PendingDecision>?[MaxCallsInFlight];
    }
}
