using System.Globalization;
using EndpointStats.Cluster.Cache;
using EndpointStats.Cluster.History;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EndpointStats.Cluster.Api;

public static partial class ClusterApi
{
    private const int DefaultHistoryLimit = 1000;
    private const int MaxHistoryLimit = 10_000;

    // since: An RFC 3339 time (`2026-01-02T03:04:05Z`) or a look-back (`90s`, `15m`, `2h`, `7d`).
    // limit: At most this many rows, the newest ones, in time order (default 1000, at most 10000).
    private static async Task<Results<Ok<PodHistoryResponse[]>, ProblemHttpResult, ValidationProblem>> GetHistoryAsync(
        string? @namespace, string? pod, string? since, int? limit, ClusterCache cache, PodHistoryStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (ClusterScope.Find(cache, @namespace, out var problem) is not { } scope)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? from = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            from = ParseSince(since.Trim(), time.GetUtcNow());
            if (from is null)
            {
                errors["since"] = ["Use an RFC 3339 time such as 2026-01-02T03:04:05Z or a look-back such as 90s, 15m, 2h or 7d."];
            }
        }

        if (limit is < 1 or > MaxHistoryLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxHistoryLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await store.QueryAsync(
            scope.Name, string.IsNullOrWhiteSpace(pod) ? null : pod.Trim(), from, limit ?? DefaultHistoryLimit, cancellationToken);
        return TypedResults.Ok(rows.Select(r => new PodHistoryResponse(r.PodName, r.PodUid, r.Status, r.Node, r.ChangedAt)).ToArray());
    }

    internal static DateTimeOffset? ParseSince(string value, DateTimeOffset now)
    {
        if (value.Length >= 2 && long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount <= 3650L * 24 * 3600)
        {
            TimeSpan? span = value[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' when amount <= 3650 => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } s && s <= TimeSpan.FromDays(3650))
            {
                return now - s;
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }
}
