using System.Diagnostics;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// Exact decisions waiting for a script call, oldest first, and the timing rules both senders (the multiplexer's
/// <see cref="DecisionBatcher"/> and the <see cref="Direct.DecisionConnection"/>) apply to them: at most
/// <see cref="DecisionBatcher.MaxQueued"/> wait, a call takes up to <see cref="DecisionBatcher.MaxKeysPerCall"/> keys, and a
/// decision older than <c>staleAfter</c> fails with a <see cref="TimeoutException"/>, never sent if it is still queued. Not
/// thread-safe: its owner locks around every use.
/// </summary>
internal sealed class DecisionQueue(TimeSpan staleAfter)
{
    private readonly Queue<PendingDecision> _waiting = new();
    private readonly long _staleTicks = staleAfter == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)(staleAfter.TotalSeconds * Stopwatch.Frequency);

    public int Count => _waiting.Count;

    /// <summary>Queues it, or throws when the queue is full (the engine's failure policy then applies).</summary>
    public void Enqueue(PendingDecision pending)
    {
        if (_waiting.Count >= DecisionBatcher.MaxQueued)
        {
            throw new RedisException($"{DecisionBatcher.MaxQueued} rate-limit decisions are already waiting for Redis.");
        }

        _waiting.Enqueue(pending);
    }

    /// <summary>The next call's decisions (oldest first, up to the key bound) after failing the stale ones; null when none waits.</summary>
    public List<PendingDecision>? TakeBatch(long now)
    {
        DropStale(now);
        List<PendingDecision>? batch = null;
        var keys = 0;
        while (_waiting.TryPeek(out var next) && (batch is null || keys + next.Keys.Length <= DecisionBatcher.MaxKeysPerCall))
        {
            _waiting.Dequeue();
            (batch ??= []).Add(next);
            keys += next.Keys.Length;
        }

        return batch;
    }

    /// <summary>
    /// Fails and removes the queued decisions past their time. They are at the head, which holds the oldest (a decision is
    /// timed just before its owner takes the lock, so one may sit behind a slightly younger one; it is then sent as usual).
    /// </summary>
    public void DropStale(long now)
    {
        while (_waiting.TryPeek(out var next) && now - next.QueuedAt > _staleTicks)
        {
            _waiting.Dequeue();
            next.TrySetException(new TimeoutException("The decision waited longer than the Redis timeout."));
        }
    }

    /// <summary>Fails the decisions of calls Redis has not answered that are older than the timeout.</summary>
    public void FailStale(IEnumerable<List<PendingDecision>?> sent, long now)
    {
        foreach (var batch in sent)
        {
            if (batch is null)
            {
                continue;
            }

            foreach (var decision in batch)
            {
                if (now - decision.QueuedAt > _staleTicks && !decision.Task.IsCompleted)
                {
                    decision.TrySetException(new TimeoutException($"Redis did not answer within {staleAfter.TotalMilliseconds} ms."));
                }
            }
        }
    }

    /// <summary>Fails and removes every queued decision with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        while (_waiting.TryDequeue(out var pending))
        {
            pending.TrySetException(error);
        }
    }
}
