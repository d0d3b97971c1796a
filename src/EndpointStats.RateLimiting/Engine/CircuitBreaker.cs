namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// Stops calling a store that keeps failing: after <c>threshold</c> consecutive failures it opens for <c>openFor</c>, then lets
/// one probe through (half-open); the probe's success closes it, so decisions return to the store by themselves.
/// </summary>
internal sealed class CircuitBreaker(int threshold, TimeSpan openFor, TimeProvider time)
{
    private int _failures;
    private long _openUntil;
    private int _probing;

    public bool IsOpen => Volatile.Read(ref _failures) >= threshold;

    /// <summary>Whether the next call may go to the store.</summary>
    public bool TryEnter()
    {
        if (Volatile.Read(ref _failures) < threshold)
        {
            return true;
        }

        // Open: only one caller probes once the open period has passed.
        return time.GetTimestamp() >= Volatile.Read(ref _openUntil) && Interlocked.CompareExchange(ref _probing, 1, 0) == 0;
    }

    public void Success()
    {
        if (Volatile.Read(ref _failures) != 0)
        {
            Volatile.Write(ref _failures, 0);
        }

        Volatile.Write(ref _probing, 0);
    }

    /// <summary>Returns true when this failure opened the breaker.</summary>
    public bool Failure()
    {
        var failures = Interlocked.Increment(ref _failures);
        if (failures >= threshold)
        {
            Volatile.Write(ref _openUntil, time.GetTimestamp() + (long)(openFor.TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref _probing, 0);
        }

        return failures == threshold;
    }
}
