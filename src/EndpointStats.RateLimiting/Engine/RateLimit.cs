namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// One limit: <see cref="Permitted"/> requests per <see cref="Period"/>, of which up to <see cref="Burst"/> may arrive at once
/// (GCRA: one request is earned back every <c>Period / Permitted</c>). Immutable, so callers build it once and reuse it.
/// </summary>
public sealed record RateLimit
{
    public static readonly TimeSpan MinPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(30);

    public RateLimit(string name, long permitted, TimeSpan period, long burst = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (permitted < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitted), permitted, "A limit permits at least one request.");
        }

        if (period < MinPeriod || period > MaxPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period is between 1 second and 30 days.");
        }

        if (burst < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(burst), burst, "The burst is 0 (same as permitted) or more.");
        }

        // A request costs at least one tick, so more than one request per tick cannot be told apart.
        if (permitted > period.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(permitted), permitted, "More than 10 million requests per second cannot be limited.");
        }

        Name = name;
        Permitted = permitted;
        Period = period;
        Burst = burst == 0 ? permitted : burst;
        IntervalTicks = period.Ticks / permitted;
        CapacityTicks = checked(IntervalTicks * Burst);
    }

    /// <summary>Names the counter: two limits with the same name and key share their state.</summary>
    public string Name { get; }

    public long Permitted { get; }

    public TimeSpan Period { get; }

    /// <summary>How many requests may arrive at once; defaults to <see cref="Permitted"/>.</summary>
    public long Burst { get; }

    /// <summary>GCRA emission interval: the time one unit of cost occupies.</summary>
    internal long IntervalTicks { get; }

    /// <summary>GCRA tolerance plus one interval: how far ahead of now the theoretical arrival time may run.</summary>
    internal long CapacityTicks { get; }
}
