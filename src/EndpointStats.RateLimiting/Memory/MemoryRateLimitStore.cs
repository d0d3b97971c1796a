using System.Collections.Concurrent;
using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Memory;

/// <summary>
/// GCRA state in process memory. The hot path is a lock-free dictionary read plus one compare-and-swap per limit and allocates
/// nothing once a key exists. Several limits are applied one after another and undone if a later one rejects, so a rejected
/// request consumes nothing. Keys whose bucket has drained carry no information and are swept; the key count is bounded.
/// </summary>
public sealed partial class MemoryRateLimitStore : IRateLimitStore, IDisposable
{
    /// <summary>Marks a cell being removed; a caller that sees it looks the key up again.</summary>
    private const long Dead = long.MinValue;

    private readonly ConcurrentDictionary<(string Name, string Key), Cell> _cells = new();
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly int _maxKeys;
    private readonly ITimer _sweepTimer;
    private int _count;

    public MemoryRateLimitStore(TimeProvider time, int maxKeys = 250_000, TimeSpan? sweepEvery = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _time = time;
        _epoch = time.GetTimestamp();
        _maxKeys = maxKeys;
        var sweep = sweepEvery ?? TimeSpan.FromSeconds(30);
        _sweepTimer = time.CreateTimer(static state => ((MemoryRateLimitStore)state!).Sweep(), this, sweep, sweep);
    }

    /// <summary>Keys currently held.</summary>
    public int Count => Volatile.Read(ref _count);

    public int MaxKeys => _maxKeys;

    public ValueTask<RateLimitDecision> DecideAsync(IReadOnlyList<LimitCheck> checks, long cost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Decide(checks, cost));

    /// <summary>The synchronous decision; see <see cref="IRateLimiter.CheckAsync"/>.</summary>
    public RateLimitDecision Decide(IReadOnlyList<LimitCheck> checks, long cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        var now = Now();
        var best = RateLimitDecision.Unlimited;
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            if (!TryConsume(check, now, cost, out var state))
            {
                for (var j = 0; j < i; j++)
                {
                    Undo(checks[j], cost);
                }

                return Gcra.ToDecision(RateLimitOutcome.Limited, check.Limit, state);
            }

            if (best.Limit is null || state.Remaining < best.Remaining)
            {
                best = Gcra.ToDecision(RateLimitOutcome.Allowed, check.Limit, state);
            }
        }

        return best;
    }

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Ticks since this store was created, plus one so that a fresh cell (TAT 0) reads as empty.</summary>
    private long Now() => _time.GetElapsedTime(_epoch).Ticks + 1;

    private bool TryConsume(in LimitCheck check, long now, long cost, out LimitState state)
    {
        var key = (check.Limit.Name, check.Key);
        while (true)
        {
            var cell = GetOrAdd(key, now);
            var tat = Volatile.Read(ref cell.Tat);
            if (tat == Dead)
            {
                if (_cells.TryRemove(new KeyValuePair<(string, string), Cell>(key, cell)))
                {
                    Interlocked.Decrement(ref _count);
                }

                continue;
            }

            if (!Gcra.Decide(check.Limit, tat, now, cost, out var newTat, out state))
            {
                return false;
            }

            if (cost == 0 || Interlocked.CompareExchange(ref cell.Tat, newTat, tat) == tat)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back what an allowed check consumed; TAT arithmetic is additive, so others' updates in between stay intact.</summary>
    private void Undo(in LimitCheck check, long cost)
    {
        if (cost == 0 || !_cells.TryGetValue((check.Limit.Name, check.Key), out var cell))
        {
            return;
        }

        var increment = cost * check.Limit.IntervalTicks;
        long tat;
        do
        {
            tat = Volatile.Read(ref cell.Tat);
            if (tat == Dead)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref cell.Tat, tat - increment, tat) != tat);
    }

    private Cell GetOrAdd((string Name, string Key) key, long now)
    {
        if (_cells.TryGetValue(key, out var cell))
        {
            return cell;
        }

        cell = new Cell();
        if (!_cells.TryAdd(key, cell))
        {
            return _cells.TryGetValue(key, out var existing) ? existing : cell;
        }

        if (Interlocked.Increment(ref _count) > _maxKeys)
        {
            Compact(now);
        }

        return cell;
    }

    private sealed class Cell
    {
        public long Tat;
    }
}
