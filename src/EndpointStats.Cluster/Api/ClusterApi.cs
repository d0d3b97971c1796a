using EndpointStats.Cluster.Cache;
using EndpointStats.Cluster.Connection;
using EndpointStats.Cluster.Views;
using EndpointStats.Hosting.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EndpointStats.Cluster.Api;

/// <summary>
/// `/api/cluster/*`, answered from the watch caches (history from the database). One route group, so that the
/// identity module can put its authorization policy on all of it at once.
/// </summary>
public static partial class ClusterApi
{
    public const string Prefix = "/api/cluster";

    public static RouteGroupBuilder MapCluster(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Cluster").RequireAuthorization(PlatformPolicies.Dashboard)
            .AddEndpointFilter(RequireConfigured)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/stats", GetStats).WithName("ClusterStats");
        group.MapGet("/deployments", GetDeployments).WithName("ClusterDeployments");
        group.MapGet("/pods", GetPods).WithName("ClusterPods");
        group.MapGet("/pods/history", GetHistoryAsync).WithName("ClusterPodHistory").ProducesValidationProblem();
        group.MapGet("/events", GetEvents).WithName("ClusterEvents");
        return group;
    }

    private static async ValueTask<object?> RequireConfigured(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var cache = context.HttpContext.RequestServices.GetRequiredService<ClusterCache>();
        return cache.Connection.IsConfigured
            ? await next(context)
            : TypedResults.Problem(
                title: "Kubernetes not configured",
                detail: ClusterConnectionResolver.HowToConfigure,
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static Results<Ok<ClusterStatsResponse>, ProblemHttpResult> GetStats(
        string? @namespace, ClusterCache cache, TimeProvider time, HttpContext context)
    {
        if (ClusterScope.FindSynced(cache, @namespace, context, time, out var problem) is not { } scope)
        {
            return problem!;
        }

        var pods = scope.Pods.Snapshot();
        return TypedResults.Ok(new ClusterStatsResponse(
            scope.Name,
            scope.Deployments.Count,
            pods.Count,
            pods.Count(p => p.Phase == "Running"),
            pods.Count(p => p.Phase == "Pending"),
            pods.Count(p => p.Phase == "Failed"),
            pods.Count(p => p.Phase == "Succeeded"),
            pods.Sum(p => p.Restarts),
            scope.LastSync(time.GetUtcNow()),
            scope.Connected));
    }

    private static Results<Ok<DeploymentResponse[]>, ProblemHttpResult> GetDeployments(
        string? @namespace, ClusterCache cache, TimeProvider time, HttpContext context)
    {
        if (ClusterScope.FindSynced(cache, @namespace, context, time, out var problem) is not { } scope)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(scope.Deployments.Snapshot()
            .Select(d => new DeploymentResponse(d.Name, d.Replicas, d.Ready, d.Available, Age.Format(d.CreatedAt, now), d.Updated, d.Images, d.Conditions))
            .ToArray());
    }

    // status: Exact printed status, case-insensitive (`CrashLoopBackOff`, `Init:0/1`).
    // q: Substring of the pod name, case-insensitive (k9s's filter).
    private static Results<Ok<PodResponse[]>, FileContentHttpResult, ProblemHttpResult> GetPods(
        string? @namespace, string? status, string? q, ClusterCache cache, TimeProvider time, IOptions<JsonOptions> json, HttpContext context)
    {
        if (ClusterScope.FindSynced(cache, @namespace, context, time, out var problem) is not { } scope)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(status) && string.IsNullOrWhiteSpace(q))
        {
            var body = scope.PodList.GetOrBuild(scope.Pods.Version, scope.ReplicaSets.Version, now.ToUnixTimeSeconds(),
                () => JsonSerializer.SerializeToUtf8Bytes(PodRows(scope, scope.Pods.Snapshot(), now), json.Value.SerializerOptions));
            return TypedResults.Bytes(body, "application/json; charset=utf-8");
        }

        IEnumerable<PodView> pods = scope.Pods.Snapshot();
        if (!string.IsNullOrWhiteSpace(status))
        {
            pods = pods.Where(p => string.Equals(p.Status, status.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            pods = pods.Where(p => p.Name.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        return TypedResults.Ok(PodRows(scope, pods, now));
    }

    private static PodResponse[] PodRows(NamespaceCache scope, IEnumerable<PodView> pods, DateTimeOffset now)
    {
        var owners = scope.ReplicaSetOwners();
        return [.. pods.Select(p => new PodResponse(
            p.Name, p.Uid, p.Status, p.Node, Age.Format(p.CreatedAt, now), p.Restarts, p.Ready, NamespaceCache.DeploymentOf(p, owners), p.Ip))];
    }

    // involved: The involved object's name (`web-1`) or kind and name (`pod/web-1`).
    private static Results<Ok<EventResponse[]>, ProblemHttpResult> GetEvents(
        string? @namespace, string? involved, ClusterCache cache, TimeProvider time, HttpContext context)
    {
        if (ClusterScope.FindSynced(cache, @namespace, context, time, out var problem) is not { } scope)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        IEnumerable<EventView> events = scope.Events.Snapshot();
        if (!string.IsNullOrWhiteSpace(involved))
        {
            var target = involved.Trim();
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            events = slash < 0
                ? events.Where(e => e.ObjectName == target)
                : events.Where(e => e.ObjectName == target[(slash + 1)..] && string.Equals(e.ObjectKind, target[..slash], StringComparison.OrdinalIgnoreCase));
        }

        // Newest first, as dashboards show them.
        return TypedResults.Ok(events
            .OrderByDescending(e => e.LastSeen)
            .Select(e => new EventResponse(e.Type, e.Reason, e.Message, e.Object, e.Count, e.LastSeen, Age.Format(e.LastSeen, now)))
            .ToArray());
    }
}
