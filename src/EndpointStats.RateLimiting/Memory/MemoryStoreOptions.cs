using System.ComponentModel.DataAnnotations;

namespace EndpointStats.RateLimiting.Memory;

/// <summary>The <c>RateLimiting:Memory</c> section.</summary>
public sealed class MemoryStoreOptions
{
    /// <summary>Most keys held at once; beyond it the keys closest to expiry are dropped (which can only let a request through).</summary>
    [Range(1_000, 100_000_000)]
    public int MaxKeys { get; set; } = 250_000;

    /// <summary>How often idle keys (whose bucket has fully drained) are removed.</summary>
    [Range(1, 3600)]
    public int SweepSeconds { get; set; } = 30;
}
