using System.Runtime.CompilerServices;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Rules;
using Microsoft.Extensions.Logging;

namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// Applies the rules in force to one request: picks the rule, honours exemptions, asks the engine, applies shadow mode and
/// counts the outcome. Shared by the gateway middleware and the <c>/api/ratelimit/check</c> service.
/// </summary>
public sealed class RuleDecider(IRateLimiter limiter, RuleProvider rules, RateLimitingMetrics metrics, ILogger<RuleDecider> logger)
{
    public RuleSet Rules => rules.Current;

    public ValueTask<RuleDecision> DecideAsync(
        string method, string path, string? routeTemplate, RequestIdentity identity, long? cost, CancellationToken cancellationToken)
    {
        var set = rules.Current;
        var rule = set.Match(method, path, routeTemplate);
        if (identity.IsExempt(set.Unlimited) || identity.IsExempt(rule.Unlimited))
        {
            metrics.Decision(rule.Name, "exempt");
            return new ValueTask<RuleDecision>(new RuleDecision(rule, RateLimitDecision.Unlimited, Exempt: true, Shadowed: false));
        }

        // Memory and lease decisions are ready at once: conclude without an async state machine.
        var pending = limiter.CheckAsync(identity.Checks(rule), cost ?? rule.Cost, rule.FailureMode, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<RuleDecision>(Conclude(set, rule, identity, pending.Result))
            : ConcludeAsync(set, rule, identity, pending);
    }

    // Pooled: a decision that waits for Redis reuses the state machine (its callers await it once).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuleDecision> ConcludeAsync(RuleSet set, Rule rule, RequestIdentity identity, ValueTask<RateLimitDecision> pending) =>
        Conclude(set, rule, identity, await pending);

    private RuleDecision Conclude(RuleSet set, Rule rule, RequestIdentity identity, RateLimitDecision decision)
    {
        var shadow = set.ShadowMode || rule.Shadow;
        if (decision.Allowed)
        {
            metrics.Decision(rule.Name, decision.Degraded ? "degraded" : "allowed");
            if (decision.Limit is { } limit && decision.Remaining * 5 <= limit.Burst)
            {
                metrics.NearLimit(rule.Name);
            }

            return new RuleDecision(rule, decision, Exempt: false, Shadowed: false);
        }

        if (shadow)
        {
            metrics.Decision(rule.Name, "shadow_limited");
            RateLimitingLog.ShadowLimited(logger, rule.Name, decision.Limit?.Name ?? "store", decision.Outcome.ToString(), identity.IpText);
            return new RuleDecision(rule, decision, Exempt: false, Shadowed: true);
        }

        metrics.Decision(rule.Name, decision.Outcome == RateLimitOutcome.Unavailable ? "unavailable" : "limited");
        return new RuleDecision(rule, decision, Exempt: false, Shadowed: false);
    }
}
