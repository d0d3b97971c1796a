using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Rules;

namespace EndpointStats.RateLimiting.Http;

/// <summary>A decision under the rules: which rule, what the engine said, and whether it is enforced.</summary>
public readonly record struct RuleDecision(Rule Rule, RateLimitDecision Decision, bool Exempt, bool Shadowed)
{
    /// <summary>The request must be refused (429, or 503 for a fail-closed rule without its store).</summary>
    public bool Refused => !Exempt && !Shadowed && !Decision.Allowed;
}
