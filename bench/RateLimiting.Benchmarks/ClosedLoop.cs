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
                var pending = call(i);
                var answeredAtOnce = pending.IsCompleted;
                degraded += await pending ? 1 : 0;
                if (answeredAtOnce)
                {
                    // Answered without waiting (the memory fallback while the breaker is open): give the thread back, or the
                    // loops keep every pool thread and starve the Redis connection's I/O, so that the breaker's probe never
                    // gets its answer and the run stays on the fallback to its end.
                    await Task.Yield();
                }
                i += callers;
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return (latencies, degraded);
        })));
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new LoadResult(results.Sum(r => r.latencies.Count), [.. results.SelectMany(r => r.latencies)], results.Sum(r => r.degraded), elapsed);
    }
}
