namespace EndpointStats.RateLimiting.Rules;

/// <summary>The seed's limits, each per client IP; configuration and the rules file add to or override them by name.</summary>
internal static class BuiltInRules
{
    public static RulesDocument Document { get; } = new()
    {
        Rules =
        [
            PerMinute("root", "/", 100),
            PerMinute("stats", "/stats", 60),
            PerMinute("metrics", "/metrics", 200),
        ],
        Default = new RuleConfig { Name = "default", Limits = [new LimitConfig { Permitted = 120, Period = "1m", Key = "ip" }] },
    };

    private static RuleConfig PerMinute(string name, string route, long permitted) => new()
    {
        Name = name,
        Route = route,
        Limits = [new LimitConfig { Permitted = permitted, Period = "1m", Key = "ip" }],
    };
}
