using System.Diagnostics;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// <c>callers</c> loops, each sending its next call when the previous one answers: throughput. A call (number <c>i</c>)
/// answers whether the memory fallback decided it.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(Func<long, ValueTask<bool>> call, int callers, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var latencies = new List<double>(1 << 16);
            long degraded = 0;
            long i = caller;
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                degraded += await call(i) ? 1 : 0;
                i += callers;
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return (latencies, degraded);
        })));
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new LoadResult(results.Sum(r => r.latencies.Count), [.. results.SelectMany(r => r.latencies)], results.Sum(r => r.degraded), elapsed);
    }
}
