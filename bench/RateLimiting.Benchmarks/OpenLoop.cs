using System.Diagnostics;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// Issues calls at a fixed rate whatever the answers do, so slow answers cannot slow the load. Call <c>i</c> is due at
/// <c>start + i / rate</c>; a dedicated thread issues every due call, then sleeps (<see cref="Pause"/>) until the next deadline
/// (by default; a sleep overshoots by ~60 µs here, so at 40,000 calls/s it issues two or three calls per wake-up, a median
/// 0.05 ms late) or, with a spin margin, until close to it and spins (yielding) the rest of the way, which costs the driver
/// about half a core more, taken from Redis on a two-core machine. Latency runs from the call's due time, so a late issue counts against
/// the figure (no coordinated omission); the latency from the actual issue is kept beside it, so that the pacer's own lateness
/// (its floor, measured by <c>--op none</c>) can be told apart from the call's. A timer of the thread pool cannot pace this: it ticked every ~4 ms on this machine,
/// sending bursts of hundreds of calls at once.
/// </summary>
internal static class OpenLoop
{
    /// <summary>
    /// <paramref name="spin"/>: below this much time to the next deadline the pacer spins instead of sleeping (a sleep
    /// overshoots by ~60 µs); zero: it sleeps and then issues every call that fell due meanwhile.
    /// </summary>
    public static async Task<LoadResult> RunAsync(Func<long, ValueTask<bool>> call, double rate, TimeSpan duration, TimeSpan spin)
    {
        var spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var issueLateness = new double[total];
        var fromIssue = new double[total];
        var recorded = -1L;
        long degraded = 0;
        // Calls in flight are counted, not kept: holding every call's task until the end made each one survive into gen 2 and
        // the driver's own collections paused everything for milliseconds.
        long outstanding = 0;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var pacer = new Thread(() =>
        {
            for (long i = 0; i < total; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / rate);
                WaitUntil(due, spinTicks);
                var issued = Stopwatch.GetTimestamp();
                issueLateness[i] = Stopwatch.GetElapsedTime(due, issued).TotalMilliseconds;
                Interlocked.Increment(ref outstanding);
                _ = One(i, due, issued);
            }
        })
        { IsBackground = true, Name = "pacer", Priority = ThreadPriority.AboveNormal };
        pacer.Start();
        pacer.Join();

        while (Volatile.Read(ref outstanding) > 0)
        {
            await Task.Delay(1);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        Array.Sort(issueLateness);
        if (Environment.GetEnvironmentVariable("DRIVER_DEBUG") is not null)
        {
            Console.Error.WriteLine(
                $"issue lateness p50 {Percentile(issueLateness, 0.5):0.000} p99 {Percentile(issueLateness, 0.99):0.000} max {issueLateness[^1]:0.000} ms");
        }

        var count = Math.Min(recorded + 1, latencies.Length);
        return new LoadResult(count, latencies[..(int)count], degraded, elapsed)
        {
            FromIssue = fromIssue[..(int)count],
            IssueLatenessP99 = Percentile(issueLateness, 0.99),
        };

        async Task One(long i, long due, long issued)
        {
            if (await call(i))
            {
                Interlocked.Increment(ref degraded);
            }

            var slot = Interlocked.Increment(ref recorded);
            latencies[slot] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            fromIssue[slot] = Stopwatch.GetElapsedTime(issued).TotalMilliseconds;
            Interlocked.Decrement(ref outstanding);
        }
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    private static void WaitUntil(long due, long spinTicks)
    {
        while (true)
        {
            var left = due - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            if (left > spinTicks)
            {
                Pause.Microseconds((uint)((left - spinTicks) * 1_000_000 / Stopwatch.Frequency) + 1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
