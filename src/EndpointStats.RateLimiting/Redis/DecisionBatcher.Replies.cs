using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class DecisionBatcher
{
    /// <summary>KEYS and ARGV of one <c>decide.lua</c> call (layout in the script).</summary>
    private static (RedisKey[] Keys, RedisValue[] Values) Arguments(List<PendingDecision> batch)
    {
        var keyCount = 0;
        foreach (var pending in batch)
        {
            keyCount += pending.Keys.Length;
        }

        var keys = new RedisKey[keyCount];
        var values = new RedisValue[1 + batch.Count * 2 + keyCount * 3];
        values[0] = batch.Count;
        int k = 0, v = 1;
        foreach (var pending in batch)
        {
            values[v++] = pending.Keys.Length;
            values[v++] = pending.Cost;
            for (var i = 0; i < pending.Keys.Length; i++)
            {
                var limit = pending.Checks[i].Limit;
                keys[k++] = pending.Keys[i];
                values[v++] = limit.IntervalTicks;
                values[v++] = limit.CapacityTicks;
                values[v++] = (long)Math.Ceiling(limit.Period.TotalMilliseconds);
            }
        }

        return (keys, values);
    }

    private static void Complete(List<PendingDecision> batch, RedisResult? result, Exception? error)
    {
        if (error is not null || result is null)
        {
            error ??= new RedisException("Redis answered nothing.");
            foreach (var pending in batch)
            {
                pending.TrySetException(error);
            }

            return;
        }

        try
        {
            var items = (RedisResult[])result!;
            for (var d = 0; d < batch.Count; d++)
            {
                batch[d].TrySetResult(RedisRateLimitStore.ReadDecision(items, d * 5, batch[d].Checks));
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // An unexpected reply (a script error turned into a value): no caller may wait forever.
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
    }
}
