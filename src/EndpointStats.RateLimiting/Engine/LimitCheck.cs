namespace EndpointStats.RateLimiting.Engine;

/// <summary>One limit applied to one key (a client IP, a user id, an account name, a route...).</summary>
public readonly record struct LimitCheck(RateLimit Limit, string Key);
