using System.Diagnostics;

namespace IdentityBench;

/// <summary>Runs an operation in a loop on several workers for a fixed time; counts operations and bytes.</summary>
internal static class Runner
{
    public sealed record Result(long Operations, long Bytes, TimeSpan Elapsed)
    {
        public double OpsPerSecond => Operations / Elapsed.TotalSeconds;

        public double MegabytesPerSecond => Bytes / 1_000_000.0 / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(int workers, TimeSpan duration, Func<int, Task<long>> operation)
    {
        // Warm-up: one operation per worker, not counted.
        await Task.WhenAll(Enumerable.Range(0, workers).Select(operation));
        long operations = 0, bytes = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var n = await operation(worker);
                Interlocked.Increment(ref operations);
                Interlocked.Add(ref bytes, n);
            }
        })));
        return new Result(operations, bytes, watch.Elapsed);
    }
}
