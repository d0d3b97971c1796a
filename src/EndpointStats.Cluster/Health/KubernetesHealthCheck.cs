using EndpointStats.Cluster.Cache;
using EndpointStats.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndpointStats.Cluster.Health;

/// <summary>
/// <c>kubernetes</c> in <c>/health</c>: <c>not configured</c> (healthy: a laptop without a cluster is not a fault), <c>syncing</c>
/// until every cache has listed once, <c>down</c> while a configured API server cannot be reached, otherwise <c>up</c>.
/// Read from the informers' state: a probe never calls the API server itself.
/// </summary>
internal sealed class KubernetesHealthCheck(ClusterCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!cache.Connection.IsConfigured)
        {
            return Task.FromResult(HealthCheckResult.Healthy("not configured", State(HealthTags.NotConfigured)));
        }

        var states = cache.Namespaces.Values.SelectMany(n => n.States).ToList();
        var failed = states.FirstOrDefault(s => s.LastError is not null);
        if (failed is not null)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"{failed.Kind} in {failed.Namespace}: {failed.LastError}", data: State(HealthTags.Down)));
        }

        return Task.FromResult(states.All(s => s.HasSynced)
            ? HealthCheckResult.Healthy(cache.Connection.Source)
            : HealthCheckResult.Unhealthy("caches not yet synced", data: State("syncing")));
    }

    private static Dictionary<string, object> State(string state) => new() { [HealthTags.StateKey] = state };
}
