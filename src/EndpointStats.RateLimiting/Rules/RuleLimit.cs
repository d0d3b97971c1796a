using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>One compiled limit of a rule: the engine's limit and how the request's key is found.</summary>
public sealed record RuleLimit(RateLimit Limit, KeyKind Kind, string? HeaderName, string KeyText);
