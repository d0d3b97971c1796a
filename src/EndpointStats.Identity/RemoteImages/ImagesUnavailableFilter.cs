using Microsoft.AspNetCore.Http;

namespace EndpointStats.Identity.RemoteImages;

/// <summary>Answers a 503 problem naming the images role when a profile operation needs it and it cannot be reached.</summary>
public sealed class ImagesUnavailableFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ImagesUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The images role is unavailable",
                detail: ex.Message, extensions: new Dictionary<string, object?> { ["role"] = "images" });
        }
    }
}
