using EndpointStats.Hosting;
using EndpointStats.Hosting.Redis;
using EndpointStats.Hosting.Roles;
using EndpointStats.Hosting.Security;
using EndpointStats.Hosting.Storage;

namespace EndpointStats;

/// <summary>Composes one process from the roles it runs (<c>Platform:Roles</c>, set by <c>serve --role</c>).</summary>
public static class PlatformApplication
{
    public const string RolesSetting = "Platform:Roles";
    public const string DefaultUrl = "http://localhost:8080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Configuration files sit beside the binary, whatever directory it is started from.
            ContentRootPath = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        if (!PlatformRoles.TryParse(builder.Configuration[RolesSetting], out var roles, out var error))
        {
            throw new InvalidConfigurationException(RolesSetting, error!);
        }

        UseDefaultUrl(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSingleton(roles);
        builder.AddServiceDefaults();
        builder.AddPlatformAuthentication(issuesTokens: roles.Contains(PlatformRoles.Identity));
        if (roles.NeedsDatabase)
        {
            builder.AddPlatformStorage();
        }

        if (roles.NeedsRedis)
        {
            builder.AddPlatformRedis();
        }

        var modules = ModuleCatalog.For(roles).ToList();
        foreach (var module in modules)
        {
            if (module.Migrations is { } migrations)
            {
                builder.Services.AddSingleton(migrations);
            }

            module.Add(builder, roles);
        }

        var app = builder.Build();
        app.UseServiceDefaults();
        if (!roles.Contains(PlatformRoles.Gateway))
        {
            // A role reached directly (split mode) validates tokens itself; with a gateway it is the gateway's slot.
            app.UsePlatformAuthentication();
        }

        foreach (var module in modules)
        {
            module.Use?.Invoke(app);
        }

        app.UsePlatformAuthorization();

        app.MapServiceDefaults();
        app.MapRoleInfo(roles);
        foreach (var module in modules)
        {
            module.Map(app);
        }

        return app;
    }

    private static void UseDefaultUrl(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["urls"] ?? builder.Configuration["http_ports"] ?? builder.Configuration["https_ports"];
        if (string.IsNullOrEmpty(configured) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
