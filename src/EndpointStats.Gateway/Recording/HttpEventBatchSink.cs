using System.Net.Http.Json;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>Split mode: a batch is one <c>POST /api/analytics/collect/batch</c>; any non-2xx answer makes the shipper retry.</summary>
public sealed class HttpEventBatchSink(HttpClient client, IOptions<RecordingOptions> options) : IRequestEventBatchSink
{
    public const string ClientName = "analytics-ingest";

    public async Task WriteAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IngestKeyHeader.BatchPath.TrimStart('/'))
        {
            Content = JsonContent.Create(batch as List<RequestEvent> ?? [.. batch], AnalyticsContractJson.Default.ListRequestEvent),
        };
        if (options.Value.IngestKey is { Length: > 0 } key)
        {
            request.Headers.Add(IngestKeyHeader.Name, key);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"analytics answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}
