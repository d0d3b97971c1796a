using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Security;
using EndpointStats.RateLimiting.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// The gateway's <c>RateLimiting</c> slot: after authentication (so limits can key by the <c>sub</c> claim) and inside recording
/// (so a 429 is still recorded). Every limited response carries the RateLimit headers; probes are never limited.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RuleDecider decider, ClientAddressResolver clients, IOptions<RateLimitingOptions> options)
{
    private readonly string _apiKeyHeader = options.Value.ApiKeyHeader;
    private readonly bool _legacyHeaders = options.Value.LegacyHeaders;

    /// <summary>Not async: a decision from memory or a lease is ready at once, and the request goes on without a state machine.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (ProbeEndpointMetadata.IsProbe(context) || endpoint?.Metadata.GetMetadata<SkipGatewayRateLimitingMetadata>() is not null
            || context.Request.Path.Equals(SkipGatewayRateLimitingMetadata.CheckPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var template = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var path = context.Request.Path.Value ?? "/";
        var apiKey = context.Request.Headers[_apiKeyHeader].ToString();
        var client = clients.Resolve(context);
        context.Features.Set(new ClientAddressFeature(client));
        var identity = new RequestIdentity(
            client,
            PlatformClaims.UserId(context),
            apiKey.Length == 0 ? null : apiKey,
            template ?? path,
            context.Request.Headers);
        var pending = decider.DecideAsync(context.Request.Method, path, template, identity, cost: null, context.RequestAborted);
        return pending.IsCompletedSuccessfully ? Apply(context, pending.Result) : ApplyAsync(context, pending);
    }

    private async Task ApplyAsync(HttpContext context, ValueTask<RuleDecision> pending) => await Apply(context, await pending);

    private Task Apply(HttpContext context, RuleDecision result)
    {
        if (!result.Exempt)
        {
            RateLimitHeaders.Write(context.Response.Headers, result.Rule, result.Decision, _legacyHeaders);
        }

        if (!result.Refused)
        {
            return next(context);
        }

        if (result.Decision.Outcome == RateLimitOutcome.Unavailable)
        {
            context.Response.Headers.RetryAfter = "1";
            return RateLimitProblems.StoreUnavailable().ExecuteAsync(context);
        }

        return RateLimitProblems.QuotaExceeded(result.Decision).ExecuteAsync(context);
    }
}
