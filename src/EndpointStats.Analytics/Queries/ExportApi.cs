using System.Globalization;
using System.Text;
using System.Text.Json;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EndpointStats.Analytics.Queries;

/// <summary>
/// <c>GET /api/analytics/export?from=&amp;to=&amp;format=csv|ndjson</c>: raw events streamed row by row from the database
/// reader to the response, so memory stays flat however large the range.
/// </summary>
public static class ExportApi
{
    private static readonly string[] Columns =
        ["id", "timestamp", "route", "method", "status", "duration_ms", "client_ip", "user_id", "user_agent", "pod_name", "request_bytes", "response_bytes", "is_error"];

    public static Results<PushStreamHttpResult, ValidationProblem> Export(
        HttpContext context, AnalyticsStore store, TimeProvider time, string? period = null, string? from = null, string? to = null, string? format = null, string? endpoint = null)
    {
        var errors = new Dictionary<string, string[]>();
        var range = TimeRange.Parse(period, from, to, time.GetUtcNow().UtcDateTime, "24h", errors);
        var kind = format ?? "csv";
        if (kind is not ("csv" or "ndjson"))
        {
            errors["format"] = [$"Unknown format '{kind}'. Allowed values: csv, ndjson."];
        }

        if (errors.Count > 0 || range is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (from0, to0) = (range.Value.From, range.Value.To);
        var contentType = kind == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
        return TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
            if (kind == "csv")
            {
                await writer.WriteLineAsync(string.Join(',', Columns));
            }

            await foreach (var e in store.ReadEventsAsync(from0, to0, endpoint, context.RequestAborted))
            {
                await writer.WriteLineAsync(kind == "csv" ? Csv(e) : JsonSerializer.Serialize(e, ExportJson.Default.RequestEvent));
            }
        }, contentType, $"analytics-{from0:yyyyMMddTHHmmss}-{to0:yyyyMMddTHHmmss}.{kind}");
    }

    private static string Csv(RequestEvent e) => string.Join(',',
        e.Id.ToString(), e.Timestamp.ToString("O", CultureInfo.InvariantCulture), Quote(e.Route), Quote(e.Method),
        e.Status.ToString(CultureInfo.InvariantCulture), e.DurationMs.ToString("R", CultureInfo.InvariantCulture), Quote(e.ClientIp),
        Quote(e.UserId), Quote(e.UserAgent), Quote(e.PodName), e.RequestBytes.ToString(CultureInfo.InvariantCulture),
        e.ResponseBytes.ToString(CultureInfo.InvariantCulture), e.IsError ? "true" : "false");

    private static string Quote(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(RequestEvent))]
internal sealed partial class ExportJson : System.Text.Json.Serialization.JsonSerializerContext;
