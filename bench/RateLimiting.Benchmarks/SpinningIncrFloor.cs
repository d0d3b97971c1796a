using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>
/// The lowest open-loop latency a .NET client can get from this machine's Redis (<c>--op spin-incr</c>): one thread that never
/// sleeps issues each <c>INCR</c> over a raw socket when it falls due (calls due together go in one write) and reads the replies
/// itself, so no thread ever has to wake and no task or thread-pool hop lies between a call and its answer. It burns a core,
/// which no client should do in production; it is the floor the other open-loop rows are judged against. Latency runs from the
/// call's due time, as in <see cref="OpenLoop"/>.
/// </summary>
internal static class SpinningIncrFloor
{
    private const int MaxCallsPerWrite = 4096;

    public static LoadResult Run(string endpoint, string key, double rate, TimeSpan duration)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var parsed = IPEndPoint.Parse(endpoint);
        socket.Connect(parsed.Address, parsed.Port == 0 ? 6379 : parsed.Port);
        Run(socket, key, rate, TimeSpan.FromSeconds(1)); // warm-up: JIT and the key
        return Run(socket, key, rate, duration);
    }

    private static LoadResult Run(Socket socket, string key, double rate, TimeSpan duration)
    {
        var command = Encoding.ASCII.GetBytes($"*2\r\n$4\r\nINCR\r\n${key.Length}\r\n{key}\r\n");
        var writes = new byte[command.Length * MaxCallsPerWrite];
        var replies = new byte[1 << 16];
        var total = (long)(rate * duration.TotalSeconds);
        var due = new long[total];
        var issued = new long[total];
        var latencies = new double[total];
        var fromIssue = new double[total];
        var lateness = new double[total];
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        long next = 0, answered = 0;
        while (answered < total)
        {
            var now = Stopwatch.GetTimestamp();
            var calls = 0;
            for (; next < total && calls < MaxCallsPerWrite; next++, calls++)
            {
                var dueAt = start + (long)(next * Stopwatch.Frequency / rate);
                if (dueAt > now)
                {
                    break;
                }

                (due[next], issued[next], lateness[next]) = (dueAt, now, Milliseconds(now - dueAt));
                command.CopyTo(writes, calls * command.Length);
            }

            if (calls > 0)
            {
                socket.Send(writes, 0, calls * command.Length, SocketFlags.None);
            }

            if (socket.Available == 0)
            {
                continue;
            }

            var read = socket.Receive(replies);
            now = Stopwatch.GetTimestamp();
            // An integer reply (":N\r\n") holds exactly one line feed, wherever the read splits it.
            foreach (var b in replies.AsSpan(0, read))
            {
                if (b == (byte)'\n')
                {
                    latencies[answered] = Milliseconds(now - due[answered]);
                    fromIssue[answered] = Milliseconds(now - issued[answered]);
                    answered++;
                }
            }
        }

        Array.Sort(lateness);
        return new LoadResult(total, latencies, 0, Stopwatch.GetElapsedTime(start))
        {
            FromIssue = fromIssue,
            IssueLatenessP99 = OpenLoop.Percentile(lateness, 0.99),
        };
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
