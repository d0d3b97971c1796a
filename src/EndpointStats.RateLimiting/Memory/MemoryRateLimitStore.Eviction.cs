using System.Buffers;

namespace EndpointStats.RateLimiting.Memory;

public sealed partial class MemoryRateLimitStore
{
    private int _compacting;

    /// <summary>Removes keys whose bucket has drained: their state equals a fresh key's, so removing them changes no decision.</summary>
    internal void Sweep() => RemoveWhere(Now(), static (tat, now) => tat <= now);

    /// <summary>
    /// Over the bound: drop drained keys, then, if still above 90%, the quarter of keys closest to draining. Dropping a key can
    /// only make its next decision more lenient, never reject someone wrongly. One thread compacts; the others carry on.
    /// </summary>
    private void Compact(long now)
    {
        if (Interlocked.Exchange(ref _compacting, 1) == 1)
        {
            return;
        }

        try
        {
            RemoveWhere(now, static (tat, now) => tat <= now);
            if (Count > _maxKeys * 9L / 10)
            {
                var threshold = Percentile(0.25 + (Count - _maxKeys * 0.75) / Count);
                RemoveWhere(threshold, static (tat, threshold) => tat <= threshold);
            }
        }
        finally
        {
            Volatile.Write(ref _compacting, 0);
        }
    }

    private long Percentile(double fraction)
    {
        var values = ArrayPool<long>.Shared.Rent(Count + 64);
        try
        {
            var n = 0;
            foreach (var pair in _cells)
            {
                if (n == values.Length)
                {
                    break;
                }

                values[n++] = Volatile.Read(ref pair.Value.Tat);
            }

            Array.Sort(values, 0, n);
            return n == 0 ? long.MaxValue : values[Math.Clamp((int)(n * fraction), 0, n - 1)];
        }
        finally
        {
            ArrayPool<long>.Shared.Return(values);
        }
    }

    private void RemoveWhere(long argument, Func<long, long, bool> predicate)
    {
        foreach (var pair in _cells)
        {
            var cell = pair.Value;
            var tat = Volatile.Read(ref cell.Tat);
            if (tat != Dead && predicate(tat, argument) && Interlocked.CompareExchange(ref cell.Tat, Dead, tat) == tat
                && _cells.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
            }
            else if (tat == Dead && _cells.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
