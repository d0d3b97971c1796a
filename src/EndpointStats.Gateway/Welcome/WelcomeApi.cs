using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Gateway.Welcome;

public static class WelcomeApi
{
    public static IEndpointRouteBuilder MapWelcome(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", FileContentHttpResult (WelcomeCache cache) => TypedResults.Bytes(cache.Get(), "application/json"))
            .WithName("Welcome")
            .WithTags("Gateway")
            .Produces<WelcomeResponse>(StatusCodes.Status200OK, "application/json");
        return endpoints;
    }
}
