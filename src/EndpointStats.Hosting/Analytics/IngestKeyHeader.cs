namespace EndpointStats.Hosting.Analytics;

/// <summary>The header and setting that guard the internal collect endpoints.</summary>
public static class IngestKeyHeader
{
    public const string Name = "X-Ingest-Key";

    public const string Setting = "Analytics:IngestKey";

    public const string BatchPath = "/api/analytics/collect/batch";

    public const string SummaryPath = "/api/analytics/summary";
}
