using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>A compiled rule: what it matches, its limits (checked together, all-or-nothing) and its policies.</summary>
public sealed class Rule
{
    public required string Name { get; init; }

    public required PathMatcher? Path { get; init; }

    /// <summary>Upper-case methods; empty matches every method.</summary>
    public required string[] Methods { get; init; }

    public required RuleLimit[] Limits { get; init; }

    public required FailureMode FailureMode { get; init; }

    public required bool Shadow { get; init; }

    public required long Cost { get; init; }

    public required ClientSet Unlimited { get; init; }

    /// <summary>The <c>RateLimit-Policy</c> header value, built once.</summary>
    public required string PolicyHeader { get; init; }

    /// <summary>The rule as written, for listings.</summary>
    public required RuleConfig Source { get; init; }

    public bool Matches(string method, string path, string? routeTemplate)
    {
        if (Methods.Length > 0 && Array.IndexOf(Methods, method) < 0 && !Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        return Path is null || Path.Matches(path, routeTemplate);
    }

    /// <summary>The most restrictive figure, as requests per minute (the seed's <c>rate_limits</c> listing).</summary>
    public long PerMinute => Limits.Min(l => (long)Math.Round(l.Limit.Permitted * 60 / l.Limit.Period.TotalSeconds));
}
