using System.Text.Json.Serialization;

namespace EndpointStats.Gateway.Welcome;

/// <summary>The seed's <c>GET /</c> body.</summary>
public sealed record WelcomeResponse(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("pod")] string Pod,
    [property: JsonPropertyName("timestamp")] DateTime Timestamp,
    [property: JsonPropertyName("from_cache")] bool FromCache)
{
    public const string WelcomeMessage = "Welcome to the API Access Tracker";
}

[JsonSerializable(typeof(WelcomeResponse))]
internal sealed partial class WelcomeJsonContext : JsonSerializerContext;
