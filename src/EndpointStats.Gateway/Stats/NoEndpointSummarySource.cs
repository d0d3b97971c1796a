using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Gateway.Stats;

/// <summary>A gateway with no analytics anywhere (no role here, no <c>Services:Analytics:Url</c>) has nothing to report.</summary>
internal sealed class NoEndpointSummarySource : IEndpointSummarySource
{
    public Task<IReadOnlyList<EndpointSummary>> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EndpointSummary>>([]);
}
