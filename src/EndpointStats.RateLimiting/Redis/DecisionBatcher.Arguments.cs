using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class DecisionBatcher
{
    /// <summary>
    /// KEYS and ARGV of one <c>decide.lua</c> call (layout in the script): each distinct limit (by its figures) and each distinct
    /// shape (its limits and cost) once, then one shape number per decision when there is more than one shape, all packed in
    /// one argument of little-endian doubles with its struct format beside it, so that Redis parses one argument, not one per
    /// number.
    /// </summary>
    internal static (RedisKey[] Keys, RedisValue[] Values) Arguments(List<PendingDecision> batch)
    {
        var limits = new List<RateLimit>();
        var shapes = new List<PendingDecision>();
        Span<int> shapeOf = stackalloc int[batch.Count];
        var keyCount = 0;
        var shapeNumbers = 0;
        for (var d = 0; d < batch.Count; d++)
        {
            var pending = batch[d];
            keyCount += pending.Keys.Length;
            var shape = IndexOfShape(shapes, pending);
            if (shape < 0)
            {
                shape = shapes.Count;
                shapes.Add(pending);
                shapeNumbers += 2 + pending.Keys.Length;
                foreach (var check in pending.Checks)
                {
                    if (IndexOfLimit(limits, check.Limit) < 0)
                    {
                        limits.Add(check.Limit);
                    }
                }
            }

            shapeOf[d] = shape + 1;
        }

        var count = 1 + (limits.Count * 3) + 1 + shapeNumbers + (shapes.Count > 1 ? batch.Count : 0);
        var numbers = new byte[count * sizeof(double)];
        var writer = new PackedNumbers(numbers);
        writer.Add(limits.Count);
        foreach (var limit in limits)
        {
            writer.Add(limit);
        }

        writer.Add(shapes.Count);
        foreach (var shape in shapes)
        {
            writer.Add(shape.Cost);
            writer.Add(shape.Checks.Count);
            foreach (var check in shape.Checks)
            {
                writer.Add(IndexOfLimit(limits, check.Limit) + 1);
            }
        }

        var keys = new RedisKey[keyCount];
        var k = 0;
        for (var d = 0; d < batch.Count; d++)
        {
            if (shapes.Count > 1)
            {
                writer.Add(shapeOf[d]);
            }

            batch[d].Keys.CopyTo(keys, k);
            k += batch[d].Keys.Length;
        }

        return (keys, [PackedNumbers.Format(count), numbers]);
    }

    private static int IndexOfLimit(List<RateLimit> limits, RateLimit limit)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            if (SameFigures(limits[i], limit))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfShape(List<PendingDecision> shapes, PendingDecision decision)
    {
        for (var i = 0; i < shapes.Count; i++)
        {
            if (SameShape(shapes[i], decision))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What the script sees of a limit (its name is in the keys).</summary>
    private static bool SameFigures(RateLimit x, RateLimit y) =>
        ReferenceEquals(x, y) || (x.IntervalTicks == y.IntervalTicks && x.CapacityTicks == y.CapacityTicks && x.Period == y.Period);

    private static bool SameShape(PendingDecision x, PendingDecision y)
    {
        if (x.Cost != y.Cost || x.Checks.Count != y.Checks.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Checks.Count; i++)
        {
            if (!SameFigures(x.Checks[i].Limit, y.Checks[i].Limit))
            {
                return false;
            }
        }

        return true;
    }
}
