namespace EndpointStats.Hosting.Analytics;

/// <summary>Per-endpoint totals for the gateway's seed <c>GET /stats</c>, read from the hourly rollups.</summary>
public interface IEndpointSummarySource
{
    Task<IReadOnlyList<EndpointSummary>> GetAsync(CancellationToken cancellationToken);
}
