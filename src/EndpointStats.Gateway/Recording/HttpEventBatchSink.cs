using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>Split mode: a batch is one <c>POST /api/analytics/collect/batch</c>; any non-2xx answer makes the shipper retry;
/// a 401 or 403 is an <see cref="IngestKeyRejectedException"/>, retried at the longest interval.</summary>
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
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new IngestKeyRejectedException(response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"analytics answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}
