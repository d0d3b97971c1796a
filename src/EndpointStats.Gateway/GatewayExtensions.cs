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

namespace EndpointStats.Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder, RoleSet localRoles)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<WelcomeCache>();
        builder.Services.AddGatewayStage(GatewaySlot.Authentication, "authentication", app => app.UsePlatformAuthentication());

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
