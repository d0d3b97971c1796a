using EndpointStats.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Hosting.Health;

/// <summary>Kubernetes probes and the seeds' <c>/health</c> and <c>/ready</c>, on every role.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(string.Empty).WithTags("Health").WithMetadata(ProbeEndpointMetadata.Instance);

        // Liveness looks at the process only: a database outage must never get the pod restarted.
        group.MapGet("/healthz/live", (TimeProvider time) => TypedResults.Ok(new Dictionary<string, string>
        {
            ["status"] = "healthy",
            ["hostname"] = HealthReporter.HostName,
            ["timestamp"] = time.GetUtcNow().UtcDateTime.ToString("O"),
        })).WithName("Liveness");

        foreach (var (path, name) in new[] { ("/healthz/ready", "Readiness"), ("/health", "Health"), ("/ready", "Ready") })
        {
            group.MapGet(path, Dependencies).WithName(name)
                .Produces<Dictionary<string, string>>(StatusCodes.Status200OK)
                .Produces<Dictionary<string, string>>(StatusCodes.Status503ServiceUnavailable);
        }
        return endpoints;
    }

    private static async Task<JsonHttpResult<Dictionary<string, string>>> Dependencies(HealthReporter reporter, HttpContext context)
    {
        var (healthy, body) = await reporter.CheckAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
