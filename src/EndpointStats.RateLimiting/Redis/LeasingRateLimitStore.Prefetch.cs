using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class LeasingRateLimitStore
{
    /// <summary>Fetches the next grant while the current one still serves, so that a busy key set never waits for Redis.</summary>
    private void Prefetch(Lease lease)
    {
        if (lease.TryStartPrefetch())
        {
            _ = PrefetchAsync(lease);
        }
    }

    private async Task PrefetchAsync(Lease lease)
    {
        TaskCompletionSource<ScriptReply> call;
        long units, returned, sentAt;
        lock (lease)
        {
            sentAt = Now();
            if (lease.Removed || lease.Refreshing is not null || lease.Next is not null)
            {
                lease.EndPrefetch(granted: true);
                return;
            }

            units = lease.NextUnits(sentAt, _lifetimeTicks, cost: 1);
            returned = lease.ToReturn;
            lease.ToReturn = 0;
            call = new TaskCompletionSource<ScriptReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            lease.Refreshing = call.Task;
        }

        ScriptReply reply = default;
        try
        {
            // Cost 0: when no lease fits, the script only reads; nothing is consumed for a request that was not made.
            reply = await _redis.CallAsync(lease.Checks, cost: 0, units, _lifetimeTicks, returned);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The request that finds the grant used up calls Redis itself and reports the failure.
        }
        finally
        {
            Settle(lease, call, reply, units, sentAt);
            lease.EndPrefetch(granted: reply.LeaseLevels is not null);
        }
    }
}
