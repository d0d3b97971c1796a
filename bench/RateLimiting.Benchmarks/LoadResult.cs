namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>One load run: calls answered, each one's latency in milliseconds, answers from the memory fallback, wall time.</summary>
internal sealed record LoadResult(long Count, double[] Latencies, long Degraded, TimeSpan Elapsed);
