namespace EndpointStats.RateLimiting.Redis;

internal sealed partial class LeasingRateLimitStore
{
    /// <summary>Key sets idle this long are forgotten (as the memory store sweeps drained keys).</summary>
    private static readonly long IdleTicks = TimeSpan.FromSeconds(30).Ticks;

    private readonly ITimer _sweeper;

    /// <summary>
    /// Ends expired leases nobody came back for and hands their unused units back to Redis; forgets idle key sets. Runs every
    /// lifetime, off the request path.
    /// </summary>
    internal void Sweep()
    {
        var now = Now();
        foreach (var (key, lease) in _leases)
        {
            long returned = 0;
            lock (lease)
            {
                if (lease.Refreshing is not null)
                {
                    continue;
                }

                if (lease.Current.Expired(now) && (lease.Current.Units > 0 || lease.Next is not null))
                {
                    lease.Advance(now, out _);
                }

                if (lease.ToReturn > 0 && (lease.Current.Expired(now) || lease.Current.Size == 0))
                {
                    returned = lease.ToReturn;
                    lease.ToReturn = 0;
                }
                else if (lease.Current.Expired(now) && lease.Next is null && lease.ToReturn == 0
                    && now - Math.Max(lease.LastSeen, lease.Current.StartedAt) > IdleTicks)
                {
                    lease.Removed = true;
                    if (_leases.TryRemove(new KeyValuePair<IReadOnlyList<Engine.LimitCheck>, Lease>(key, lease)))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }

            if (returned > 0)
            {
                _ = GiveBackAsync(lease, returned);
            }
        }
    }

    /// <summary>On shutdown: hands every lease's unused units back, so a restart does not keep them reserved until they drain.</summary>
    private List<Task> ReturnAll()
    {
        var calls = new List<Task>();
        foreach (var (_, lease) in _leases)
        {
            long returned;
            lock (lease)
            {
                lease.Removed = true;
                returned = lease.CloseAll();
            }

            if (returned > 0)
            {
                calls.Add(GiveBackAsync(lease, returned));
            }
        }

        return calls;
    }

    /// <summary>Best effort: if Redis cannot be reached the units stay consumed there, which only errs on the strict side.</summary>
    private async Task GiveBackAsync(Lease lease, long units)
    {
        try
        {
            await _redis.CallAsync(lease.Checks, cost: 0, leaseUnits: 0, _lifetimeTicks, units);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
        }
    }
}
