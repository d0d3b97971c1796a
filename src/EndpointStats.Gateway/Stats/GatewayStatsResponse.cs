using System.Text.Json.Serialization;

namespace EndpointStats.Gateway.Stats;

/// <summary>The seed's <c>GET /stats</c> body, plus whether it came from the short-lived cache.</summary>
public sealed record GatewayStatsResponse(
    [property: JsonPropertyName("endpoints")] IReadOnlyList<GatewayEndpointStats> Endpoints,
    [property: JsonPropertyName("from_cache")] bool FromCache);

public sealed record GatewayEndpointStats(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("access_count")] long AccessCount,
    [property: JsonPropertyName("last_accessed")] DateTime? LastAccessed,
    [property: JsonPropertyName("response_time")] double ResponseTime,
    [property: JsonPropertyName("success_rate")] double SuccessRate,
    [property: JsonPropertyName("pod_name")] string PodName);

[JsonSerializable(typeof(GatewayStatsResponse))]
internal sealed partial class GatewayStatsJson : JsonSerializerContext;
