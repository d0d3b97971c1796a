using EndpointStats.Hosting.Security;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EndpointStats.RateLimiting.Api;

/// <summary>The <c>ratelimiter</c> role's service: decisions for other callers and the rules in force. One group, so a policy can be attached.</summary>
public static class RateLimitApi
{
    public static RouteGroupBuilder MapRateLimiting(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ratelimit").WithTags("RateLimiting");
        group.MapGet("/check", CheckAsync).WithMetadata(SkipGatewayRateLimitingMetadata.Instance);
        group.MapGet("/limits", (RuleDecider decider) => TypedResults.Ok(LimitsResponse.From(decider.Rules)))
            .RequireAuthorization(PlatformPolicies.Admin);
        return group;
    }

    private static async Task<Results<Ok<CheckAllowedResponse>, JsonHttpResult<CheckLimitedResponse>, ValidationProblem, ProblemHttpResult>> CheckAsync(
        HttpContext context,
        RuleDecider decider,
        ClientAddressResolver clients,
        IOptions<RateLimitingOptions> options,
        string? endpoint,
        [FromQuery(Name = "client_ip")] string? clientIp,
        string? method,
        long? cost)
    {
        var request = CheckRequest.Parse(context.Request, endpoint, clientIp, method, cost, clients, options.Value.ApiKeyHeader, out var errors);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await decider.DecideAsync(request.Method, request.Path, null, request.Identity, request.Cost, context.RequestAborted);
        var decision = result.Decision;
        var limit = decision.Limit ?? result.Rule.Limits[0].Limit;
        if (result.Exempt)
        {
            return TypedResults.Ok(new CheckAllowedResponse(true, limit.Permitted, 0, limit.Burst, result.Rule.Name));
        }

        RateLimitHeaders.Write(context.Response.Headers, result.Rule, decision, options.Value.LegacyHeaders);
        if (!result.Refused)
        {
            return TypedResults.Ok(new CheckAllowedResponse(true, limit.Permitted, decision.Current, decision.Allowed ? decision.Remaining : 0, result.Rule.Name));
        }

        if (decision.Outcome == RateLimitOutcome.Unavailable)
        {
            context.Response.Headers.RetryAfter = "1";
            return RateLimitProblems.StoreUnavailable();
        }

        return TypedResults.Json(
            new CheckLimitedResponse(false, limit.Permitted, decision.Current, RateLimitHeaders.Seconds(decision.RetryAfter), result.Rule.Name),
            statusCode: StatusCodes.Status429TooManyRequests);
    }
}
