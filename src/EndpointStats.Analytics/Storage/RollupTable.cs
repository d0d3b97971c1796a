namespace EndpointStats.Analytics.Storage;

/// <summary>
/// A rollup grain: hourly rows answer ranges to the hour, daily rows (the same sketches merged per day) keep week- and
/// month-long queries to a few rows per route. Both are maintained in the same transaction as the raw events.
/// </summary>
public sealed record RollupTable(string Name, string TimeColumn, TimeSpan Width)
{
    public static readonly RollupTable Hourly = new("analytics_rollups", "hour", TimeSpan.FromHours(1));

    public static readonly RollupTable Daily = new("analytics_rollups_daily", "day", TimeSpan.FromDays(1));

    public static IReadOnlyList<RollupTable> All { get; } = [Hourly, Daily];

    public string Columns { get; } =
        $"route, method, {TimeColumn}, total, s0, s1, s2, s3, s4, s5, errors, latency_sum, latency_min, latency_max, histogram, clients, last_seen, request_bytes, response_bytes";

    public DateTime Floor(DateTime time) => new(time.Ticks - (time.Ticks % Width.Ticks), DateTimeKind.Utc);
}
