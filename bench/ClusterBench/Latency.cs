using System.Diagnostics;

namespace ClusterBench;

internal static class Latency
{
    /// <summary>Runs <paramref name="request"/> from <paramref name="concurrency"/> loops for <paramref name="total"/> requests; milliseconds, sorted.</summary>
    public static async Task<double[]> MeasureAsync(Func<Task> request, int total, int concurrency)
    {
        var samples = new List<double>(total);
        var remaining = total;
        var loops = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                await request();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (samples)
                {
                    samples.Add(elapsed);
                }
            }
        });
        await Task.WhenAll(loops);
        samples.Sort();
        return [.. samples];
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
}
