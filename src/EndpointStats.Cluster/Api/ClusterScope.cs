using EndpointStats.Cluster.Cache;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EndpointStats.Cluster.Api;

/// <summary>Picks the namespace of a request and stamps the answer with the cache's freshness.</summary>
internal static class ClusterScope
{
    public const string LastSyncHeader = "X-Cluster-Last-Sync";
    public const string StaleHeader = "X-Cluster-Stale";

    /// <summary>The namespace to answer for, or a 404 listing the watched ones.</summary>
    public static NamespaceCache? Find(ClusterCache cache, string? @namespace, out ProblemHttpResult? problem)
    {
        var name = string.IsNullOrWhiteSpace(@namespace) ? cache.DefaultNamespace : @namespace.Trim();
        if (cache.Namespaces.TryGetValue(name, out var scope))
        {
            problem = null;
            return scope;
        }

        var watched = string.Join(", ", cache.Namespaces.Keys);
        problem = TypedResults.Problem(
            title: "Namespace not watched",
            detail: $"Namespace '{name}' is not watched. Watched namespaces: {watched} (setting Cluster:Namespaces).",
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["watched"] = cache.Namespaces.Keys.ToArray() });
        return null;
    }

    /// <summary>
    /// The namespace's cache, once it has synced. Answers carry the last successful sync time in a header (arrays keep the
    /// seed's shape) and a stale flag while the API server is unreachable.
    /// </summary>
    public static NamespaceCache? FindSynced(ClusterCache cache, string? @namespace, HttpContext context, TimeProvider time, out ProblemHttpResult? problem)
    {
        var scope = Find(cache, @namespace, out problem);
        if (scope is null)
        {
            return null;
        }

        if (!scope.HasSynced)
        {
            context.Response.Headers.RetryAfter = "1";
            problem = TypedResults.Problem(
                title: "Cluster cache not yet synced",
                detail: $"The caches of namespace '{scope.Name}' have not completed their first list from the Kubernetes API server yet.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
            return null;
        }

        if (scope.LastSync(time.GetUtcNow()) is { } synced)
        {
            context.Response.Headers[LastSyncHeader] = synced.UtcDateTime.ToString("O");
        }

        if (!scope.Connected)
        {
            context.Response.Headers[StaleHeader] = "true";
        }

        return scope;
    }
}
