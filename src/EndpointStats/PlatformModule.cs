using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Roles;

namespace EndpointStats;

/// <summary>How one module joins the process: its services, its middleware, its endpoints and its migrations.</summary>
internal sealed record PlatformModule
{
    public required PlatformRole Role { get; init; }

    public required Action<WebApplicationBuilder, RoleSet> Add { get; init; }

    /// <summary>Middleware placed between routing and the endpoints, in catalogue order.</summary>
    public Action<WebApplication>? Use { get; init; }

    public required Action<WebApplication> Map { get; init; }

    public MigrationSet? Migrations { get; init; }
}
