namespace EndpointStats.Cluster.Cache;

/// <summary>Exponential backoff with jitter (client-go's shape), so many replicas do not re-list in lockstep after an outage.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        // Between half and the whole step: spread out, but never a hot loop.
        return TimeSpan.FromTicks(current.Ticks / 2 + Random.Shared.NextInt64(current.Ticks / 2 + 1));
    }

    public void Reset() => _next = _initial;
}
