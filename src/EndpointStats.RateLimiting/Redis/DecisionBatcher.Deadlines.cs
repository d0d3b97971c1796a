using System.Diagnostics;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// Every decision ends within <see cref="StaleAfter"/> (plus at most a quarter of it): one timer per batcher, armed only while
/// decisions are pending, fails those that waited longer with a <see cref="TimeoutException"/>, whether they are still queued or
/// in a call Redis has not answered. So the engine needs no timer per decision (one per decision cost a timer-queue entry,
/// about 300 bytes and a lock on every decision). A failed decision's call may still reach Redis and consume, as when its
/// caller stopped waiting.
/// </summary>
internal sealed partial class DecisionBatcher
{
    private readonly TimeSpan _sweepPeriod;
    private readonly Timer? _deadlines;
    private int _watching;

    /// <summary>How long a decision may wait for Redis; <see cref="Timeout.InfiniteTimeSpan"/>: as long as it takes.</summary>
    public TimeSpan StaleAfter { get; }

    internal static TimeSpan SweepPeriod(TimeSpan staleAfter) =>
        staleAfter == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Clamp(staleAfter.Ticks / 4, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond));

    /// <summary>Arms the timer unless it is armed: a read on the hot path, a timer change once per sweep period at most.</summary>
    private void WatchDeadlines()
    {
        if (_deadlines is not null && Volatile.Read(ref _watching) == 0 && Interlocked.Exchange(ref _watching, 1) == 0)
        {
            _deadlines.Change(_sweepPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    private void Expire()
    {
        // Cleared before the sweep: a decision arriving from here on arms the timer again itself.
        Volatile.Write(ref _watching, 0);
        var now = Stopwatch.GetTimestamp();
        var pending = Expire(_standalone, now);
        foreach (var lane in _slots.Values)
        {
            pending |= Expire(lane, now);
        }

        if (pending)
        {
            WatchDeadlines();
        }
    }

    /// <summary>Fails the lane's decisions past their time; whether any decision is left pending.</summary>
    private static bool Expire(Lane lane, long now)
    {
        lock (lane)
        {
            lane.Queue.FailStale(lane.Sent, now);
            lane.Queue.DropStale(now);
            return lane.InFlight > 0 || lane.Queue.Count > 0;
        }
    }
}
