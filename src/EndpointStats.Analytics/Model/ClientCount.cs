using System.Text.Json.Serialization;

namespace EndpointStats.Analytics.Model;

/// <summary>One client's traffic in a range (<c>GET /api/analytics/clients</c>).</summary>
public sealed record ClientCount(
    [property: JsonPropertyName("client_ip")] string ClientIp,
    [property: JsonPropertyName("access_count")] long AccessCount,
    [property: JsonPropertyName("error_count")] long ErrorCount,
    [property: JsonPropertyName("last_accessed")] DateTime LastAccessed);
