using EndpointStats.Hosting.Accounts;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Roles;
using EndpointStats.Hosting.Security;
using EndpointStats.Identity.Accounts;
using EndpointStats.Identity.Api;
using EndpointStats.Identity.Login;
using EndpointStats.Identity.Passwords;
using EndpointStats.Identity.RemoteImages;
using EndpointStats.Identity.Tokens;
using EndpointStats.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity;

public static class IdentityExtensions
{
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources("identity", typeof(IdentityExtensions).Assembly);

    /// <summary>Accounts, passwords, tokens and login limits. Without a local images role, avatars and account deletion go over HTTP.</summary>
    public static IHostApplicationBuilder AddPlatformIdentity(this IHostApplicationBuilder builder, RoleSet localRoles)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddRateLimitingEngine();
        builder.Services.AddSingleton<IdentityMetrics>();
        builder.AddModuleMeter(IdentityMetrics.MeterName);
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<RefreshTokenStore>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddSingleton<ILoginThrottle, EngineLoginThrottle>();
        if (!localRoles.Contains(PlatformRoles.Images))
        {
            builder.Services.AddHttpContextAccessor();
            var imagesUrl = builder.Configuration[$"Services:{PlatformRoles.Images.ServiceKey}:Url"];
            builder.Services.AddHttpClient<IAccountImages, HttpAccountImages>(client =>
            {
                if (Uri.TryCreate(imagesUrl, UriKind.Absolute, out var url))
                {
                    client.BaseAddress = url;
                }
            });
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformIdentity(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.ServiceProvider.GetRequiredService<PlatformKeyRing>();
        IdentityLog.SigningKey(endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityExtensions)), keys.Source);
        endpoints.MapAuth();
        endpoints.MapMe();
        endpoints.MapUsersAdmin();
        return endpoints;
    }
}
