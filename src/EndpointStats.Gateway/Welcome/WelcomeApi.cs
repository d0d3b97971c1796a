using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Gateway.Welcome;

public static class WelcomeApi
{
    public static IEndpointRouteBuilder MapWelcome(this IEndpointRouteBuilder endpoints)
    {
        // The body is cached bytes: written directly, without a result object or a request scope to resolve the cache from.
        var cache = endpoints.ServiceProvider.GetRequiredService<WelcomeCache>();
        // A Delegate rather than a RequestDelegate, so the OpenAPI generator still describes the endpoint.
        Func<HttpContext, Task> welcome = context => cache.WriteAsync(context.Response);
        endpoints.MapGet("/", welcome)
            .WithName("Welcome")
            .WithTags("Gateway")
            .Produces<WelcomeResponse>(StatusCodes.Status200OK, "application/json");
        return endpoints;
    }
}
