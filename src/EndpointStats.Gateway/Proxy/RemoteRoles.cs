using EndpointStats.Hosting;
using EndpointStats.Hosting.Roles;
using Microsoft.Extensions.Configuration;

namespace EndpointStats.Gateway.Proxy;

public static class RemoteRoles
{
    /// <summary>Roles with a <c>Services:&lt;Role&gt;:Url</c> that this process does not run itself.</summary>
    public static IReadOnlyList<RemoteRole> Find(IConfiguration configuration, RoleSet local)
    {
        var remote = new List<RemoteRole>();
        foreach (var role in PlatformRoles.Every.Where(r => r.Prefixes.Count > 0 && !local.Contains(r)))
        {
            var setting = $"Services:{role.ServiceKey}:Url";
            var value = configuration[setting];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidConfigurationException(setting, $"'{value}' is not an absolute http(s) URL.");
            }

            remote.Add(new RemoteRole(role, url));
        }

        return remote;
    }
}
