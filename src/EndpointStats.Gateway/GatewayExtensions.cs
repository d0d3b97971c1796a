using EndpointStats.Gateway.Pipeline;
using EndpointStats.Gateway.Proxy;
using EndpointStats.Gateway.Recording;
using EndpointStats.Gateway.Stats;
using EndpointStats.Gateway.Welcome;
using EndpointStats.Hosting.Roles;
using EndpointStats.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;

namespace EndpointStats.Gateway;

public static class GatewayExtensions
{
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder, RoleSet localRoles)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<WelcomeCache>();
        // Only bearer tokens authenticate, and they come in the Authorization header: a request without one stays anonymous
        // whatever the handler does, so it skips the handler's per-request work (a scope, the handler, several tasks).
        builder.Services.AddGatewayStage(GatewaySlot.Authentication, "authentication", UseBearerAuthentication);

        var remote = RemoteRoles.Find(builder.Configuration, localRoles);
        if (remote.Count > 0)
        {
            builder.AddSplitModeProxy(remote);
        }

        builder.AddRequestRecording(localRoles, remote);

        return builder;
    }

    /// <summary>The gateway's slots (recording, authentication, rate limiting), between routing and the endpoints.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseGatewayPipeline();
        return app;
    }

    private static void UseBearerAuthentication(IApplicationBuilder app)
    {
        app.UseWhen(
            static context => context.Request.Headers.ContainsKey(HeaderNames.Authorization),
            static branch => branch.UsePlatformAuthentication());

        // WebApplication puts UseAuthentication() at the front of the pipeline unless the application called it; a branch's
        // call does not count (a branch copies the builder's properties), so record it on the main pipeline, under the key
        // UseAuthentication() itself sets.
        app.Properties[AuthenticationMiddlewareSetKey] = true;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapWelcome();
        app.MapGatewayStats();
        if (app.Services.GetService<IReadOnlyList<RemoteRole>>() is { Count: > 0 })
        {
            app.MapSplitModeProxy();
        }

        return app;
    }
}
