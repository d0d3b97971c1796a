using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>
/// The I/O thread. While a call is in flight it polls the socket without sleeping for up to <see cref="SpinMicroseconds"/>
/// after the last progress, so that an answer is read the moment it lands, then waits in the kernel (a stalled Redis costs no
/// CPU). With nothing in flight it spins <see cref="IdleSpinMicroseconds"/> for a new decision, then sleeps until a caller
/// wakes it. It wakes at least every quarter of the timeout to fail decisions past their time.
/// </summary>
internal sealed partial class DecisionConnection
{
    /// <summary>How long a call in flight is waited for without sleeping (a loopback or same-zone round trip is well below it).</summary>
    internal const int SpinMicroseconds = 250;

    /// <summary>How long the idle thread waits for a new decision without sleeping before it sleeps.</summary>
    internal const int IdleSpinMicroseconds = 50;

    private static readonly TimeSpan Reconnect = TimeSpan.FromMilliseconds(250);

    private void Run()
    {
        var lastSweep = Stopwatch.GetTimestamp();
        var lastProgress = lastSweep;
        while (!_disposed)
        {
            if (!_connected)
            {
                Connect();
                lastProgress = Stopwatch.GetTimestamp();
                continue;
            }

            try
            {
                var progress = Send();
                if (_sent.Count > 0)
                {
                    progress |= Receive(Stopwatch.GetElapsedTime(lastProgress).TotalMicroseconds > SpinMicroseconds);
                }
                else if (!progress)
                {
                    Idle();
                }

                var now = Stopwatch.GetTimestamp();
                if (progress)
                {
                    lastProgress = now;
                }

                if (now - lastSweep > _sweepTicks)
                {
                    lastSweep = now;
                    Expire(now);
                    if (_sent.TryPeek(out var oldest) && now - oldest[0].QueuedAt > _deadTicks)
                    {
                        throw new IOException($"Redis has not answered a decision call for {Microseconds(_deadTicks) / 1000:0} ms.");
                    }
                }
            }
            catch (Exception ex)
            {
                // Whatever went wrong (a dropped connection, a reply it cannot read, a half-open socket), no decision may
                // wait forever and the thread must go on: everything in flight fails and the connection is made anew.
                ReportDown(ex);
                Disconnect(ex);
            }
        }

        Disconnect(new ObjectDisposedException(nameof(DecisionConnection)));
    }

    /// <summary>Sends the queued decisions while fewer than the maximum calls are in flight; whether it sent any.</summary>
    private bool Send()
    {
        var sent = false;
        while (_sent.Count < DecisionBatcher.MaxCallsInFlight && Take() is { } batch)
        {
            // Counted as sent before the write: if the write fails, the disconnect fails these decisions too.
            _sent.Enqueue(batch);
            Write(batch, evalText: false);
            sent = true;
        }

        return sent;
    }

    /// <summary>Reads what has arrived (waiting in the kernel when <paramref name="sleep"/>) and answers complete replies.</summary>
    private bool Receive(bool sleep)
    {
        var socket = _socket!;
        if (socket.Available == 0)
        {
            if (!sleep)
            {
                // Yields rather than burns: on a machine of few cores Redis or a caller may be waiting for this core.
                Thread.Yield();
                return false;
            }

            if (!socket.Poll((int)Microseconds(_sweepTicks), SelectMode.SelectRead))
            {
                return false;
            }
        }

        if (_filled == _received.Length)
        {
            Array.Resize(ref _received, _received.Length * 2);
        }

        var read = socket.Receive(_received, _filled, _received.Length - _filled, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("Redis closed the rate-limit decision connection.");
        }

        _filled += read;
        var at = 0;
        while (_sent.Count > 0)
        {
            var (reply, used) = RespReply.Parse(_received.AsSpan(at, _filled - at));
            if (reply is null)
            {
                break;
            }

            at += used;
            Answer(_sent.Dequeue(), reply);
        }

        _received.AsSpan(at, _filled - at).CopyTo(_received);
        _filled -= at;
        return true;
    }

    private void Answer(List<PendingDecision> batch, RespReply reply)
    {
        if (reply.IsError && reply.Text!.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // The script cache was flushed: this call sends the text, which caches it again; it answers after the others.
            _sent.Enqueue(batch);
            Write(batch, evalText: true);
            return;
        }

        if (reply.Integers is null)
        {
            var error = reply.IsError ? new RedisServerException(reply.Text!) : new RedisException($"Redis answered a '{reply.Kind}' reply to a decision call.");
            foreach (var pending in batch)
            {
                pending.TrySetException(error);
            }

            return;
        }

        try
        {
            var at = 0;
            foreach (var pending in batch)
            {
                pending.TrySetResult(RedisRateLimitStore.ReadDecision(reply.Integers, ref at, pending.Checks, pending.Cost));
            }
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
    }

    private void Idle()
    {
        var spinUntil = Stopwatch.GetTimestamp() + (long)(IdleSpinMicroseconds * Stopwatch.Frequency / 1_000_000.0);
        while (Stopwatch.GetTimestamp() < spinUntil)
        {
            if (Volatile.Read(ref _queuedCount) > 0 || _disposed)
            {
                return;
            }

            Thread.Yield();
        }

        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        // Checked after saying so: a decision queued before it is seen here, one queued after it sets the event.
        if (Volatile.Read(ref _queuedCount) == 0 && !_disposed)
        {
            _wake.Wait(TimeSpan.FromTicks((long)(_sweepTicks * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }

        Interlocked.Exchange(ref _sleeping, 0);
        // Readable with nothing to read: Redis closed the connection (a restart, a CLIENT KILL) while it was idle. Found now,
        // not by the next decision's call.
        if (_socket!.Poll(0, SelectMode.SelectRead) && _socket.Available == 0)
        {
            throw new IOException("Redis closed the rate-limit decision connection.");
        }
    }
}
