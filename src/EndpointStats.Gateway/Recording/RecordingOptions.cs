using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Gateway.Recording;

/// <summary>The gateway's side of the <c>Analytics</c> section: recording, buffering and shipping of request events.</summary>
public sealed class RecordingOptions
{
    public const string Section = "Analytics";

    /// <summary><c>false</c> turns request recording off (the benchmark's baseline).</summary>
    public bool Recording { get; set; } = true;

    /// <summary>
    /// Count the response body bytes each request actually wrote, chunked answers included. Off by default: the counting
    /// wrapper around the response body costs every request a feature swap and two small objects, about 1% of the server's
    /// CPU per <c>GET /</c> in profiles. Off, a response counts its declared <c>Content-Length</c> (0 when chunked).
    /// </summary>
    public bool CountResponseBytes { get; set; }

    /// <summary>Distinct route templates kept per service (path prefix) for proxied paths; the rest count as <c>__other__</c>.</summary>
    [Range(1, 100_000)]
    public int MaxRoutesPerService { get; set; } = 500;

    /// <summary>Events held while the store or the analytics role is unreachable; beyond this new events are dropped and counted.</summary>
    [Range(1_000, 10_000_000)]
    public int BufferLimit { get; set; } = 200_000;

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How long a partial batch waits for more events before it is sent.</summary>
    [Range(1, 60_000)]
    public int BatchLingerMilliseconds { get; set; } = 1_000;

    /// <summary>The longest pause between retries of a failed batch (the backoff doubles from 100 ms up to this).</summary>
    [Range(100, 300_000)]
    public int MaxRetryDelayMilliseconds { get; set; } = 5_000;

    /// <summary>Sent as <c>X-Ingest-Key</c> to the analytics role in split mode.</summary>
    public string? IngestKey { get; set; }

    /// <summary>How long the gateway's <c>GET /stats</c> answer is cached (Redis when configured, else memory).</summary>
    [Range(0, 3600)]
    public int StatsCacheSeconds { get; set; } = 5;
}
