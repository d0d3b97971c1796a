using System.Text.Json.Serialization;

namespace EndpointStats.RateLimiting.Api;

/// <summary>200 from <c>/api/ratelimit/check</c>, the seed's shape.</summary>
public sealed record CheckAllowedResponse(
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("limit")] long Limit,
    [property: JsonPropertyName("current")] long Current,
    [property: JsonPropertyName("remaining")] long Remaining,
    [property: JsonPropertyName("rule")] string Rule);

/// <summary>429 from <c>/api/ratelimit/check</c>, the seed's shape; <c>reset_after</c> in whole seconds, rounded up.</summary>
public sealed record CheckLimitedResponse(
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("limit")] long Limit,
    [property: JsonPropertyName("current")] long Current,
    [property: JsonPropertyName("reset_after")] long ResetAfter,
    [property: JsonPropertyName("rule")] string Rule);
