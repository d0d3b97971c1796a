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

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (ProbeEndpointMetadata.IsProbe(context) || endpoint?.Metadata.GetMetadata<SkipGatewayRateLimitingMetadata>() is not null
            || context.Request.Path.Equals(SkipGatewayRateLimitingMetadata.CheckPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
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
        var result = await decider.DecideAsync(context.Request.Method, path, template, identity, cost: null, context.RequestAborted);
        if (!result.Exempt)
        {
            RateLimitHeaders.Write(context.Response.Headers, result.Rule, result.Decision, _legacyHeaders);
        }

        if (!result.Refused)
        {
            await next(context);
            return;
        }

        if (result.Decision.Outcome == RateLimitOutcome.Unavailable)
        {
            context.Response.Headers.RetryAfter = "1";
            await RateLimitProblems.StoreUnavailable().ExecuteAsync(context);
            return;
        }

        await RateLimitProblems.QuotaExceeded(result.Decision).ExecuteAsync(context);
    }
}
