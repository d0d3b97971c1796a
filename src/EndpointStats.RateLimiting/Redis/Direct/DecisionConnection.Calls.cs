using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>Taking queued decisions into a call, writing the call, and failing decisions past their time or cut off.</summary>
internal sealed partial class DecisionConnection
{
    private int _queuedCount;

    /// <summary>The next batch (see <see cref="DecisionQueue.TakeBatch"/>), or null when none waits.</summary>
    private List<PendingDecision>? Take()
    {
        if (Volatile.Read(ref _queuedCount) == 0)
        {
            return null;
        }

        lock (_queue)
        {
            var batch = _queue.TakeBatch(System.Diagnostics.Stopwatch.GetTimestamp());
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
        lock (_queue)
        {
            _queue.FailStale(_sent, now);
            _queue.DropStale(now);
            Volatile.Write(ref _queuedCount, _queue.Count);
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
            _queue.FailAll(error);
            Volatile.Write(ref _queuedCount, 0);
        }
    }
}
