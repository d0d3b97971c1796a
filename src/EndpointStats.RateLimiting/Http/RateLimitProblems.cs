using EndpointStats.RateLimiting.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EndpointStats.RateLimiting.Http;

/// <summary>Problem details for refused requests.</summary>
public static class RateLimitProblems
{
    /// <summary>The IANA HTTP problem type registered by the RateLimit headers draft.</summary>
    public const string QuotaExceededType = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    public static ProblemHttpResult QuotaExceeded(in RateLimitDecision decision) => TypedResults.Problem(
        detail: $"The limit '{decision.Limit?.Name}' ({decision.Limit?.Permitted} per {decision.Limit?.Period.TotalSeconds:0.###} s) is used up; retry in {RateLimitHeaders.Seconds(decision.RetryAfter)} s.",
        statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too Many Requests",
        type: QuotaExceededType,
        extensions: new Dictionary<string, object?>
        {
            ["error"] = "Rate limit exceeded",
            ["message"] = "Too many requests",
            ["limit"] = decision.Limit?.Permitted,
            ["policy"] = decision.Limit?.Name,
            ["retry_after"] = RateLimitHeaders.Seconds(decision.RetryAfter),
        });

    public static ProblemHttpResult StoreUnavailable() => TypedResults.Problem(
        detail: "The rate-limit store is unreachable and this rule fails closed; retry shortly.",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Rate limiting unavailable",
        extensions: new Dictionary<string, object?> { ["error"] = "Rate limiting unavailable" });
}
