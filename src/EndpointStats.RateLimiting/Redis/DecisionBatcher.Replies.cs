using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class DecisionBatcher
{
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
            var items = (long[])result!;
            var at = 0;
            foreach (var pending in batch)
            {
                pending.TrySetResult(RedisRateLimitStore.ReadDecision(items, ref at, pending.Checks, pending.Cost));
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
