using System.Net.Http.Json;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Gateway.Stats;

/// <summary>Split mode: the summary comes from the analytics role's <c>GET /api/analytics/summary</c>.</summary>
public sealed class HttpEndpointSummarySource(HttpClient client) : IEndpointSummarySource
{
    public const string ClientName = "analytics-summary";

    public async Task<IReadOnlyList<EndpointSummary>> GetAsync(CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync(IngestKeyHeader.SummaryPath.TrimStart('/'), AnalyticsContractJson.Default.ListEndpointSummary, cancellationToken) ?? [];
}
