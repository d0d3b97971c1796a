using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace EndpointStats.Gateway.Proxy;

/// <summary>Turns YARP's empty error responses into problem details that name the unreachable role.</summary>
internal static class ProxyErrorProblems
{
    public static async Task WriteOnErrorAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted)
        {
            return;
        }

        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        if (error is null && context.Response.StatusCode != StatusCodes.Status503ServiceUnavailable)
        {
            return;
        }

        var role = context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata?[ProxyConfigFactory.RoleMetadataKey] ?? "upstream";
        var (status, detail) = error switch
        {
            null or ForwarderError.NoAvailableDestinations =>
                (StatusCodes.Status503ServiceUnavailable, $"No healthy instance of the {role} role is available."),
            ForwarderError.Request =>
                (StatusCodes.Status503ServiceUnavailable, $"The {role} role could not be reached."),
            ForwarderError.RequestTimedOut =>
                (StatusCodes.Status504GatewayTimeout, $"The {role} role did not answer in time."),
            _ => (StatusCodes.Status502BadGateway, $"The {role} role returned an invalid response ({error})."),
        };

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = $"The {role} role is unavailable",
                Detail = detail,
                Extensions = { ["role"] = role },
            },
        });
    }
}
