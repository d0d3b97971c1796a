using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>Taking queued decisions into a call, writing the call, and failing decisions past their time or cut off.</summary>
internal sealed partial class DecisionConnection
{
    private int _queuedCount;

    /// <summary>The next batch (oldest first, up to <see cref="DecisionBatcher.MaxKeysPerCall"/> keys), or null when none waits.</summary>
    private List<PendingDecision>? Take()
    {
        if (Volatile.Read(ref _queuedCount) == 0)
        {
            return null;
        }

        lock (_queue)
        {
            DropStale(System.Diagnostics.Stopwatch.GetTimestamp());
            List<PendingDecision>? batch = null;
            var keys = 0;
            while (_queue.TryPeek(out var next) && (batch is null || keys + next.Keys.Length <= DecisionBatcher.MaxKeysPerCall))
            {
                _queue.Dequeue();
                (batch ??= []).Add(next);
                keys += next.Keys.Length;
            }

            Volatile.Write(ref _queuedCount, _queue.Count);
            return batch;
        }
    }

    /// <summary>One <c>EVALSHA</c> (or, after NOSCRIPT, <c>EVAL</c> with the text) of <c>decide.lua</c> for the batch.</summary>
    private void Write(List<PendingDecision> batch, bool evalText)
    {
        var (keys, values) = DecisionBatcher.Arguments(batch);
        _writer.Clear();
        _writer.BeginCommand(3 + keys.Length + values.Length);
        _writer.Bulk(evalText ? "EVAL"u8 : "EVALSHA"u8);
        _writer.Bulk(evalText ? Script.Text : Script.Sha);
        _writer.Bulk(keys.Length);
        foreach (var key in keys)
        {
            _writer.Bulk((string)key!);
        }

        _writer.Bulk((string)values[0]!);
        _writer.Bulk((byte[])values[1]!);
        _socket!.Send(_writer.Written);
    }

    /// <summary>Fails the decisions older than the timeout, sent or queued (a queued one is then never sent).</summary>
    private void Expire(long now)
    {
        foreach (var batch in _sent)
        {
            foreach (var decision in batch)
            {
                if (now - decision.QueuedAt > _staleTicks && !decision.Task.IsCompleted)
                {
                    decision.TrySetException(new TimeoutException($"Redis did not answer within {StaleAfter.TotalMilliseconds} ms."));
                }
            }
        }

        lock (_queue)
        {
            DropStale(now);
            Volatile.Write(ref _queuedCount, _queue.Count);
        }
    }

    private void DropStale(long now)
    {
        while (_queue.TryPeek(out var next) && now - next.QueuedAt > _staleTicks)
        {
            _queue.Dequeue();
            next.TrySetException(new TimeoutException("The decision waited longer than the Redis timeout."));
        }
    }

    /// <summary>Closes the socket and fails every decision sent or queued; the loop then reconnects.</summary>
    private void Disconnect(Exception cause)
    {
        _connected = false;
        _socket?.Dispose();
        _socket = null;
        _filled = 0;
        var error = cause as RedisException
            ?? new RedisConnectionException(ConnectionFailureType.SocketFailure, "The rate-limit decision connection to Redis failed.", cause);
        while (_sent.TryDequeue(out var batch))
        {
            foreach (var pending in batch)
            {
                pending.TrySetException(error);
            }
        }

        lock (_queue)
        {
            while (_queue.TryDequeue(out var pending))
            {
                pending.TrySetException(error);
            }

            Volatile.Write(ref _queuedCount, 0);
        }
    }
}
