using EndpointStats.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Hosting.Roles;

/// <summary>
/// <c>GET {prefix}/_info</c> on each role: which role and pod answered. Through the gateway in split mode it shows where a
/// prefix is routed; the leading underscore keeps it clear of resource ids.
/// </summary>
public static class RoleInfoApi
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static IEndpointRouteBuilder MapRoleInfo(this IEndpointRouteBuilder endpoints, RoleSet roles)
    {
        var version = typeof(RoleInfoApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        foreach (var role in roles.Roles)
        {
            foreach (var prefix in role.Prefixes)
            {
                var info = new RoleInfo(role.Name, HealthReporter.HostName, version, Started);
                endpoints.MapGet($"{prefix}/_info", Ok<RoleInfo> () => TypedResults.Ok(info))
                    .WithTags("Roles")
                    .WithName($"RoleInfo{role.ServiceKey}{prefix.Replace("/api/", "_", StringComparison.Ordinal)}");
            }
        }

        return endpoints;
    }
}

public sealed record RoleInfo(string Role, string Pod, string Version, DateTime Started);
