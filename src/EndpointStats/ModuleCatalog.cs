using EndpointStats.Analytics;
using EndpointStats.Cluster;
using EndpointStats.Gateway;
using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Roles;
using EndpointStats.Identity;
using EndpointStats.Images;
using EndpointStats.RateLimiting;

namespace EndpointStats;

/// <summary>Every module this binary carries, keyed by the role that runs it. Roles without an entry only serve their probes.</summary>
internal static class ModuleCatalog
{
    public static IReadOnlyList<PlatformModule> Modules { get; } =
    [
        new()
        {
            Role = PlatformRoles.Gateway,
            Add = (builder, roles) => builder.AddGateway(roles),
            Use = app => app.UseGateway(),
            Map = app => app.MapGateway(),
        },
        new()
        {
            // Rate limiting inside the gateway's pipeline; the engine and rules are shared with the ratelimiter role.
            Role = PlatformRoles.Gateway,
            Add = (builder, _) => builder.AddGatewayRateLimiting(),
            Map = _ => { },
        },
        new()
        {
            Role = PlatformRoles.RateLimiter,
            Add = (builder, _) => builder.AddRateLimiterService(),
            Map = app => app.MapRateLimiterService(),
        },
        new()
        {
            Role = PlatformRoles.Identity,
            Add = (builder, roles) => builder.AddPlatformIdentity(roles),
            Map = app => app.MapPlatformIdentity(),
            Migrations = IdentityExtensions.Migrations,
        },
        new()
        {
            Role = PlatformRoles.Images,
            Add = (builder, _) => builder.AddPlatformImages(),
            Map = app => app.MapPlatformImages(),
            Migrations = ImagesExtensions.Migrations,
        },
        new()
        {
            Role = PlatformRoles.Cluster,
            Add = (builder, _) => builder.AddCluster(),
            Map = app => app.MapCluster(),
            Migrations = ClusterExtensions.Migrations,
        },
        new()
        {
            Role = PlatformRoles.Analytics,
            Add = (builder, _) => builder.AddAnalytics(),
            Map = app => app.MapAnalytics(),
            Migrations = AnalyticsExtensions.Migrations,
        },
    ];

    public static IEnumerable<PlatformModule> For(RoleSet roles) => Modules.Where(m => roles.Contains(m.Role));

    public static IEnumerable<MigrationSet> AllMigrations => Modules.Select(m => m.Migrations).OfType<MigrationSet>();
}
