using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndpointStats.Hosting.Health;

/// <summary>Opens a pooled connection and runs <c>SELECT 1</c>, bounded so that a hung server reads as down quickly.</summary>
public sealed class DatabaseHealthCheck(PlatformDatabase database) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy(database.Description);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(database.Description, ex);
        }
    }
}
