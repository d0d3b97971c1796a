namespace EndpointStats.Analytics.Storage;

/// <summary>
/// A rollup grain: hourly rows answer ranges to the hour, daily rows (the same sketches merged per day) keep week- and
/// month-long queries to a few rows per route. Ingestion appends hourly deltas to <see cref="DeltaTable"/>; the compactor
/// folds them into both grains.
/// </summary>
public sealed record RollupTable(string Name, string TimeColumn, TimeSpan Width)
{
    /// <summary>Hourly aggregates appended by ingestion and not yet folded into the rollups; same columns as the hourly table.</summary>
    public const string DeltaTable = "analytics_rollup_deltas";

    public static readonly RollupTable Hourly = new("analytics_rollups", "hour", TimeSpan.FromHours(1));

    public static readonly RollupTable Daily = new("analytics_rollups_daily", "day", TimeSpan.FromDays(1));

    public static IReadOnlyList<RollupTable> All { get; } = [Hourly, Daily];

    public string Columns { get; } =
        $"route, method, {TimeColumn}, total, s0, s1, s2, s3, s4, s5, errors, latency_sum, latency_min, latency_max, histogram, clients, last_seen, request_bytes, response_bytes";

    /// <summary>The columns with <c>clients</c> left out (read as NULL) when the unique-client sketch is not needed.</summary>
    public string ColumnsFor(bool withClients) => withClients ? Columns : Columns.Replace(", clients,", ", NULL,", StringComparison.Ordinal);

    public DateTime Floor(DateTime time) => new(time.Ticks - (time.Ticks % Width.Ticks), DateTimeKind.Utc);
}
