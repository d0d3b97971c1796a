using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Hosting.Health;

/// <summary>Runs the readiness checks and shapes them as the seeds' health JSON; logs a dependency only when its state changes.</summary>
public sealed class HealthReporter(HealthCheckService checks, TimeProvider time, ILogger<HealthReporter> logger)
{
    private readonly ConcurrentDictionary<string, string> _lastStates = new();

    public static string HostName { get; } = Environment.MachineName;

    public async Task<(bool Healthy, Dictionary<string, string> Body)> CheckAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready), cancellationToken);
        var healthy = report.Status != HealthStatus.Unhealthy;
        var body = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = healthy ? "healthy" : "unhealthy" };
        foreach (var (name, entry) in report.Entries)
        {
            var state = entry.Data.TryGetValue(HealthTags.StateKey, out var s) && s is string explicitState
                ? explicitState
                : entry.Status == HealthStatus.Unhealthy ? HealthTags.Down : HealthTags.Up;
            body[name] = state;
            if (_lastStates.TryGetValue(name, out var previous) ? previous != state : state == HealthTags.Down)
            {
                HostingLog.HealthCheckFailed(logger, name, state == HealthTags.Down
                    ? entry.Exception?.Message ?? entry.Description ?? "down"
                    : $"now {state}");
            }

            _lastStates[name] = state;
        }

        body["hostname"] = HostName;
        body["timestamp"] = time.GetUtcNow().UtcDateTime.ToString("O");
        return (healthy, body);
    }
}
