using System.Text.Json.Serialization;
using EndpointStats.Analytics.Ingestion;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Analytics.Queries;

/// <summary>
/// The query API under <c>/api/analytics</c>, in one route group so that an authorization policy can be attached to it as a
/// whole. <c>/summary</c> is internal (the split-mode gateway's <c>/stats</c>) and takes the ingestion key instead.
/// </summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsQueries(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(PlatformPolicies.Dashboard);
        group.MapGet("/stats", StatsAsync).WithName("AnalyticsStats");
        group.MapGet("/endpoints", EndpointsAsync).WithName("AnalyticsEndpoints");
        group.MapGet("/timeseries", TimeseriesAsync).WithName("AnalyticsTimeseries");
        group.MapGet("/clients", ClientsAsync).WithName("AnalyticsClients");
        group.MapGet("/export", ExportApi.Export).WithName("AnalyticsExport");

        endpoints.MapGet(IngestKeyHeader.SummaryPath, async Task<Ok<IReadOnlyList<EndpointSummary>>> (AnalyticsQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.GetAsync(ct)))
            .AddEndpointFilter<IngestKeyFilter>()
            .WithTags("Analytics ingestion")
            .WithName("AnalyticsSummary");
        return group;
    }

    private static Task<Results<Ok<StatsResponse>, ValidationProblem>> StatsAsync(
        AnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        string? endpoint = null, string? period = null, string? from = null, string? to = null) =>
        PerRouteAsync(queries, time, period, from, to, "24h", endpoint, rows => new StatsResponse(rows), cancellationToken);

    private static Task<Results<Ok<EndpointsResponse>, ValidationProblem>> EndpointsAsync(
        AnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        string? period = null, string? from = null, string? to = null) =>
        PerRouteAsync(queries, time, period, from, to, "7d", null, rows => new EndpointsResponse(rows), cancellationToken);

    private static async Task<Results<Ok<T>, ValidationProblem>> PerRouteAsync<T>(AnalyticsQueries queries, TimeProvider time,
        string? period, string? from, string? to, string defaultPeriod, string? endpoint, Func<List<EndpointStatsRow>, T> shape,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (TimeRange.Parse(period, from, to, time.GetUtcNow().UtcDateTime, defaultPeriod, errors) is not { } range)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(shape(await queries.StatsAsync(range, endpoint, cancellationToken)));
    }

    private static async Task<Results<Ok<TimeseriesResponse>, ValidationProblem>> TimeseriesAsync(
        AnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        string? endpoint = null, string? period = null, string? from = null, string? to = null, string? interval = null)
    {
        var errors = new Dictionary<string, string[]>();
        var range = TimeRange.Parse(period, from, to, time.GetUtcNow().UtcDateTime, "24h", errors);
        var name = interval ?? "1h";
        if (!Interval.Allowed.TryGetValue(name, out var width))
        {
            errors["interval"] = [$"Unknown interval '{name}'. Allowed values: {string.Join(", ", Interval.Allowed.Keys)}."];
        }
        else if (range is { } r && r.Length / width > Interval.MaxBuckets)
        {
            errors["interval"] = [$"More than {Interval.MaxBuckets} buckets; choose a wider interval or a shorter range."];
        }

        if (errors.Count > 0 || range is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new TimeseriesResponse(await queries.TimeseriesAsync(range.Value, width, endpoint, cancellationToken)));
    }

    private static async Task<Results<Ok<ClientsResponse>, ValidationProblem>> ClientsAsync(
        AnalyticsQueries queries, TimeProvider time, CancellationToken cancellationToken,
        string? endpoint = null, string? period = null, string? from = null, string? to = null, int limit = 20)
    {
        var errors = new Dictionary<string, string[]>();
        var range = TimeRange.Parse(period, from, to, time.GetUtcNow().UtcDateTime, "24h", errors);
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["Must be between 1 and 1000."];
        }

        if (errors.Count > 0 || range is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new ClientsResponse(await queries.ClientsAsync(range.Value, endpoint, limit, cancellationToken)));
    }
}

public sealed record StatsResponse([property: JsonPropertyName("stats")] IReadOnlyList<EndpointStatsRow> Stats);

public sealed record EndpointsResponse([property: JsonPropertyName("endpoints")] IReadOnlyList<EndpointStatsRow> Endpoints);

public sealed record TimeseriesResponse([property: JsonPropertyName("timeseries")] IReadOnlyList<TimeseriesPoint> Timeseries);

public sealed record ClientsResponse([property: JsonPropertyName("clients")] IReadOnlyList<ClientCount> Clients);
