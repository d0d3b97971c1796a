using System.Text.Json.Serialization;

namespace EndpointStats.Hosting.Analytics;

/// <summary>
/// One request that passed the gateway: the contract between the gateway (which records it) and the analytics role
/// (which stores it). The id makes delivery idempotent: analytics stores each id once, so a retried batch never double-counts.
/// </summary>
public sealed record RequestEvent
{
    [JsonPropertyName("id")]
    public Guid Id { get; init; }

    [JsonPropertyName("timestamp")]
    public DateTime Timestamp { get; init; }

    /// <summary>The route template (<c>/api/images/{id}</c>), never the raw path.</summary>
    [JsonPropertyName("route")]
    public string Route { get; init; } = string.Empty;

    [JsonPropertyName("method")]
    public string Method { get; init; } = string.Empty;

    [JsonPropertyName("status")]
    public int Status { get; init; }

    [JsonPropertyName("duration_ms")]
    public double DurationMs { get; init; }

    [JsonPropertyName("client_ip")]
    public string? ClientIp { get; init; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    [JsonPropertyName("pod_name")]
    public string? PodName { get; init; }

    [JsonPropertyName("request_bytes")]
    public long RequestBytes { get; init; }

    [JsonPropertyName("response_bytes")]
    public long ResponseBytes { get; init; }

    /// <summary>Set by seed-style clients that report errors without a status; a 5xx status counts as an error anyway.</summary>
    [JsonPropertyName("is_error")]
    public bool IsError { get; init; }

    [JsonIgnore]
    public bool CountsAsError => IsErrorOutcome(Status, IsError);

    /// <summary>What counts as an error: a 5xx status, or an event its sender marked as one.</summary>
    public static bool IsErrorOutcome(int status, bool isError) => isError || status >= 500;

    public const int MaxUserAgentLength = 256;
}
