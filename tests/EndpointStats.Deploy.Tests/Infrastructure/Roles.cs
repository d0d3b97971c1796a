namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>The platform's roles as the chart deploys them, with what each one uses.</summary>
internal static class Roles
{
    public static readonly string[] All = ["gateway", "ratelimiter", "analytics", "identity", "images", "cluster"];

    public static readonly string[] UsingDatabase = ["analytics", "identity", "images", "cluster"];

    public static readonly string[] UsingRedis = ["gateway", "ratelimiter", "identity"];

    public static readonly Dictionary<string, string> ServiceKeys = new()
    {
        ["ratelimiter"] = "RateLimiter", ["analytics"] = "Analytics", ["identity"] = "Identity", ["images"] = "Images", ["cluster"] = "Cluster",
    };
}
