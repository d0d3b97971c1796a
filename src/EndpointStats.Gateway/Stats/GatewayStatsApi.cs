using EndpointStats.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Gateway.Stats;

public static class GatewayStatsApi
{
    /// <summary>The seed's anonymous <c>GET /stats</c>: per-endpoint totals from the analytics rollups, through a short cache.</summary>
    public static IEndpointRouteBuilder MapGatewayStats(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/stats", async Task<Results<Ok<GatewayStatsResponse>, ProblemHttpResult>> (GatewayStatsCache cache, CancellationToken cancellationToken) =>
            {
                try
                {
                    var (summaries, fromCache) = await cache.GetAsync(cancellationToken);
                    var pod = HealthReporter.HostName;
                    var rows = summaries.Select(s => new GatewayEndpointStats(s.Endpoint, s.AccessCount, s.LastAccessed, s.ResponseTime, s.SuccessRate, pod)).ToList();
                    return TypedResults.Ok(new GatewayStatsResponse(rows, fromCache));
                }
                catch (HttpRequestException ex)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                        title: "The analytics role is unavailable", detail: ex.Message);
                }
            })
            .WithName("GatewayStats")
            .WithTags("Gateway");
        return endpoints;
    }
}
