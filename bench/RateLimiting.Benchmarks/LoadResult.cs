namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>One load run: calls answered, each one's latency in milliseconds, answers from the memory fallback, wall time.</summary>
internal sealed record LoadResult(long Count, double[] Latencies, long Degraded, TimeSpan Elapsed)
{
    /// <summary>Open loop only: each call's latency from the moment the pacer actually issued it (not from its due time).</summary>
    public double[] FromIssue { get; init; } = [];

    /// <summary>Open loop only: p99 of how late the pacer issued calls, in milliseconds.</summary>
    public double IssueLatenessP99 { get; init; }
}
