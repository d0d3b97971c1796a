using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Model;

/// <summary>
/// Everything kept for one (route, method, hour) and everything a query needs from many of them: all of it merges,
/// so a range is the sum of its hours. Raw events build aggregates the same way, so both paths answer alike.
/// </summary>
public sealed class RollupAggregate
{
    public long Total { get; set; }

    /// <summary>Counts per status class: index 1 = 1xx … 5 = 5xx; index 0 holds anything else (0, 6xx…).</summary>
    public long[] StatusClasses { get; } = new long[6];

    public long Errors { get; set; }

    public double LatencySumMs { get; set; }

    public double LatencyMinMs { get; set; } = double.MaxValue;

    public double LatencyMaxMs { get; set; }

    public DateTime LastSeen { get; set; } = DateTime.MinValue;

    public long RequestBytes { get; set; }

    public long ResponseBytes { get; set; }

    public LatencyHistogram Histogram { get; } = new();

    public HyperLogLog Clients { get; } = new();

    public static int StatusClass(int status) => status is >= 100 and < 600 ? status / 100 : 0;

    public void Add(RequestEvent e) => Add(e.Timestamp, e.Status, e.DurationMs, e.ClientIp ?? e.UserId, e.CountsAsError, e.RequestBytes, e.ResponseBytes);

    public void Add(DateTime timestamp, int status, double durationMs, string? client, bool isError, long requestBytes = 0, long responseBytes = 0)
    {
        Total++;
        StatusClasses[StatusClass(status)]++;
        Errors += isError ? 1 : 0;
        LatencySumMs += durationMs;
        LatencyMinMs = Math.Min(LatencyMinMs, durationMs);
        LatencyMaxMs = Math.Max(LatencyMaxMs, durationMs);
        LastSeen = timestamp > LastSeen ? timestamp : LastSeen;
        RequestBytes += requestBytes;
        ResponseBytes += responseBytes;
        Histogram.Add(durationMs);
        if (client is not null)
        {
            Clients.Add(client);
        }
    }

    public void Merge(RollupAggregate other)
    {
        Total += other.Total;
        for (var i = 0; i < StatusClasses.Length; i++)
        {
            StatusClasses[i] += other.StatusClasses[i];
        }

        Errors += other.Errors;
        LatencySumMs += other.LatencySumMs;
        LatencyMinMs = Math.Min(LatencyMinMs, other.LatencyMinMs);
        LatencyMaxMs = Math.Max(LatencyMaxMs, other.LatencyMaxMs);
        LastSeen = other.LastSeen > LastSeen ? other.LastSeen : LastSeen;
        RequestBytes += other.RequestBytes;
        ResponseBytes += other.ResponseBytes;
        Histogram.Merge(other.Histogram);
        Clients.Merge(other.Clients);
    }

    public double AverageMs => Total == 0 ? 0 : LatencySumMs / Total;

    /// <summary>A percentile from the merged buckets, clamped to the exact minimum and maximum.</summary>
    public double PercentileMs(double q) => Total == 0 ? 0 : Math.Clamp(Histogram.Percentile(q), LatencyMinMs, LatencyMaxMs);
}
