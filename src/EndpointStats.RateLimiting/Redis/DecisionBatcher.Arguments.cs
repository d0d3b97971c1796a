using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class DecisionBatcher
{
    /// <summary>
    /// KEYS and ARGV of one <c>decide.lua</c> call (layout in the script): each distinct limit (by its figures) and each distinct
    /// shape (its limits and cost) once, then one shape number per decision, so that Redis parses one argument per decision.
    /// </summary>
    private static (RedisKey[] Keys, RedisValue[] Values) Arguments(List<PendingDecision> batch)
    {
        var limits = new List<RateLimit>();
        var shapes = new List<PendingDecision>();
        Span<int> shapeOf = stackalloc int[batch.Count];
        var keyCount = 0;
        var shapeValues = 0;
        for (var d = 0; d < batch.Count; d++)
        {
            var pending = batch[d];
            keyCount += pending.Keys.Length;
            var shape = IndexOfShape(shapes, pending);
            if (shape < 0)
            {
                shape = shapes.Count;
                shapes.Add(pending);
                shapeValues += 2 + pending.Keys.Length;
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

        var values = new RedisValue[1 + (limits.Count * 3) + 1 + shapeValues + batch.Count];
        var v = 0;
        values[v++] = limits.Count;
        foreach (var limit in limits)
        {
            values[v++] = limit.IntervalTicks;
            values[v++] = limit.CapacityTicks;
            values[v++] = TtlMilliseconds(limit);
        }

        values[v++] = shapes.Count;
        foreach (var shape in shapes)
        {
            values[v++] = shape.Cost;
            values[v++] = shape.Checks.Count;
            foreach (var check in shape.Checks)
            {
                values[v++] = IndexOfLimit(limits, check.Limit) + 1;
            }
        }

        var keys = new RedisKey[keyCount];
        var k = 0;
        for (var d = 0; d < batch.Count; d++)
        {
            values[v++] = shapeOf[d];
            batch[d].Keys.CopyTo(keys, k);
            k += batch[d].Keys.Length;
        }

        return (keys, values);
    }

    /// <summary>The key's TTL: the limit's period, in whole milliseconds rounded up.</summary>
    internal static long TtlMilliseconds(RateLimit limit) => (long)Math.Ceiling(limit.Period.TotalMilliseconds);

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
