using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Rules;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// IETF httpapi RateLimit headers (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy</c> lists every limit of the rule,
/// <c>RateLimit</c> reports the limit closest to rejecting. Optional legacy <c>X-RateLimit-*</c>.
/// </summary>
public static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, Rule rule, in RateLimitDecision decision, bool legacy)
    {
        if (decision.Limit is not { } limit)
        {
            return;
        }

        var reset = Seconds(decision.Allowed ? decision.ResetAfter : decision.RetryAfter);
        var remaining = decision.Allowed ? decision.Remaining : 0;
        headers["RateLimit-Policy"] = rule.PolicyHeader;
        headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"{limit.Name}\";r={remaining};t={reset}");
        if (!decision.Allowed)
        {
            headers.RetryAfter = Seconds(decision.RetryAfter).ToString(CultureInfo.InvariantCulture);
        }

        if (legacy)
        {
            headers["X-RateLimit-Limit"] = limit.Permitted.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whole seconds, rounded up so that a client waiting this long is never early; at least 1 when waiting.</summary>
    public static long Seconds(TimeSpan time) => time <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(time.TotalSeconds);
}
