namespace EndpointStats.RateLimiting.Redis;

/// <summary>The <c>RateLimiting:Leases</c> section: local grants from quota reserved in Redis, for busy keys far from their limit.</summary>
public sealed class LeaseOptions
{
    /// <summary><c>false</c>: every Redis-backed decision is one script call of its own.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a lease grants before its unused units go back to Redis; also the window that makes a key set busy.</summary>
    public int LifetimeMilliseconds { get; set; } = 250;

    /// <summary>Most key sets tracked for leasing at once; others are decided by one Redis call each.</summary>
    public int MaxKeys { get; set; } = 10_000;
}
