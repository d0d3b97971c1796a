using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Analytics;

/// <summary>The analytics role's side of the <c>Analytics</c> section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Required in <c>X-Ingest-Key</c> by the collect endpoints; unset, they refuse every HTTP caller.</summary>
    public string? IngestKey { get; set; }

    /// <summary>Days of raw events kept (whole day partitions on PostgreSQL).</summary>
    [Range(1, 3650)]
    public int RawRetentionDays { get; set; } = 14;

    /// <summary>Days of hourly rollups kept.</summary>
    [Range(1, 3650)]
    public int RollupRetentionDays { get; set; } = 400;

    /// <summary>How often partitions are created ahead and retention applied.</summary>
    [Range(10, 86_400)]
    public int MaintenanceIntervalSeconds { get; set; } = 600;

    /// <summary>How often pending rollup deltas are folded into the hourly and daily rollups.</summary>
    [Range(50, 600_000)]
    public int RollupCompactionMilliseconds { get; set; } = 1_000;

    /// <summary>The largest <c>POST /collect/batch</c> body; a bigger one is a 400.</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxBatchBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The largest single <c>POST /collect</c> body.</summary>
    [Range(256, 1_048_576)]
    public int MaxEventBytes { get; set; } = 16 * 1024;
}
