namespace EndpointStats.Analytics.Queries;

/// <summary>Time-series bucket widths: 1h and 1d read rollups, 5m and 15m read raw events.</summary>
public static class Interval
{
    public static readonly IReadOnlyDictionary<string, TimeSpan> Allowed = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["5m"] = TimeSpan.FromMinutes(5),
        ["15m"] = TimeSpan.FromMinutes(15),
        ["1h"] = TimeSpan.FromHours(1),
        ["1d"] = TimeSpan.FromDays(1),
    };

    public const int MaxBuckets = 10_000;

    public static DateTime Floor(DateTime time, TimeSpan width) => new(time.Ticks - (time.Ticks % width.Ticks), DateTimeKind.Utc);
}
