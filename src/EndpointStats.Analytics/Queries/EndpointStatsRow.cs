using System.Text.Json.Serialization;
using EndpointStats.Analytics.Model;

namespace EndpointStats.Analytics.Queries;

/// <summary>One route in <c>/stats</c> and <c>/endpoints</c>: the seed's fields plus percentiles, error rate and status classes. Times in seconds.</summary>
public sealed record EndpointStatsRow(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("access_count")] long AccessCount,
    [property: JsonPropertyName("avg_response_time")] double AvgResponseTime,
    [property: JsonPropertyName("p50_response_time")] double P50ResponseTime,
    [property: JsonPropertyName("p95_response_time")] double P95ResponseTime,
    [property: JsonPropertyName("p99_response_time")] double P99ResponseTime,
    [property: JsonPropertyName("last_accessed")] DateTime? LastAccessed,
    [property: JsonPropertyName("unique_clients")] long UniqueClients,
    [property: JsonPropertyName("error_count")] long ErrorCount,
    [property: JsonPropertyName("error_rate")] double ErrorRate,
    [property: JsonPropertyName("status_counts")] IReadOnlyDictionary<string, long> StatusCounts)
{
    private static readonly string[] ClassNames = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

    public static EndpointStatsRow From(string route, string method, RollupAggregate a)
    {
        var statuses = new Dictionary<string, long>();
        for (var i = 0; i < ClassNames.Length; i++)
        {
            if (a.StatusClasses[i] > 0)
            {
                statuses[ClassNames[i]] = a.StatusClasses[i];
            }
        }

        return new EndpointStatsRow(route, method, a.Total, Seconds(a.AverageMs), Seconds(a.PercentileMs(0.50)), Seconds(a.PercentileMs(0.95)),
            Seconds(a.PercentileMs(0.99)), a.Total == 0 ? null : a.LastSeen, a.Clients.Estimate(), a.Errors,
            a.Total == 0 ? 0 : Math.Round((double)a.Errors / a.Total, 6), statuses);
    }

    public static double Seconds(double milliseconds) => Math.Round(milliseconds / 1000, 6);
}

/// <summary>One bucket of <c>/timeseries</c>: the seed's fields plus p95. Times in seconds.</summary>
public sealed record TimeseriesPoint(
    [property: JsonPropertyName("timestamp")] DateTime Timestamp,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("access_count")] long AccessCount,
    [property: JsonPropertyName("avg_response_time")] double AvgResponseTime,
    [property: JsonPropertyName("p95_response_time")] double P95ResponseTime,
    [property: JsonPropertyName("error_count")] long ErrorCount);
