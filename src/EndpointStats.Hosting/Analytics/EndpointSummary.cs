using System.Text.Json.Serialization;

namespace EndpointStats.Hosting.Analytics;

/// <summary>One route's all-time totals (within rollup retention); times in seconds as the seed reported them.</summary>
public sealed record EndpointSummary(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("access_count")] long AccessCount,
    [property: JsonPropertyName("last_accessed")] DateTime? LastAccessed,
    [property: JsonPropertyName("response_time")] double ResponseTime,
    [property: JsonPropertyName("success_rate")] double SuccessRate);
