using EndpointStats.Hosting.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// <c>analytics</c> in a split-mode gateway's <c>/health</c> and <c>/healthz/ready</c>: <c>ingest key rejected</c> (degraded:
/// requests are still served, their events wait in the buffer) while analytics answers 401/403 to this gateway's batches.
/// </summary>
internal sealed class AnalyticsIngestHealthCheck(RecordingMetrics metrics) : IHealthCheck
{
    public const string KeyRejected = "ingest key rejected";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(metrics.KeyRejected
            ? HealthCheckResult.Degraded($"analytics refuses {Hosting.Analytics.IngestKeyHeader.Setting}", data: new Dictionary<string, object> { [HealthTags.StateKey] = KeyRejected })
            : HealthCheckResult.Healthy());
}
