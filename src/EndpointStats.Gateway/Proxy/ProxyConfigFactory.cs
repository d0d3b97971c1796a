using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace EndpointStats.Gateway.Proxy;

/// <summary>One YARP cluster per remote role, one route per prefix, with active health checks of the role's readiness.</summary>
internal static class ProxyConfigFactory
{
    public const string RoleMetadataKey = "role";

    public static IReadOnlyList<RouteConfig> Routes(IEnumerable<RemoteRole> remote) =>
        remote.SelectMany(r => r.Role.Prefixes.Select(prefix => new RouteConfig
        {
            RouteId = $"{r.Role.Name}{prefix.Replace('/', '-')}",
            ClusterId = r.Role.Name,
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
            Metadata = new Dictionary<string, string> { [RoleMetadataKey] = r.Role.Name },
        })).ToList();

    public static IReadOnlyList<ClusterConfig> Clusters(IEnumerable<RemoteRole> remote) =>
        remote.Select(r => new ClusterConfig
        {
            ClusterId = r.Role.Name,
            Destinations = new Dictionary<string, DestinationConfig> { [r.Role.Name] = new() { Address = r.Url.ToString() } },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(5),
                    Timeout = TimeSpan.FromSeconds(2),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/healthz/ready",
                },
                Passive = new PassiveHealthCheckConfig { Enabled = true, ReactivationPeriod = TimeSpan.FromSeconds(10) },
            },
        }).ToList();
}
