namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// Marks an endpoint the gateway does not limit: <c>/api/ratelimit/check</c> takes its own decision for the client it is asked
/// about, and limiting the caller (ingress-nginx, one IP for all traffic) by the default rule would refuse everybody.
/// </summary>
public sealed class SkipGatewayRateLimitingMetadata
{
    /// <summary>Also matched by path, for split mode where the gateway only proxies the check to a remote ratelimiter.</summary>
    public const string CheckPath = "/api/ratelimit/check";

    public static SkipGatewayRateLimitingMetadata Instance { get; } = new();

    private SkipGatewayRateLimitingMetadata()
    {
    }
}
