using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndpointStats.Images.Storage;

/// <summary>Readiness: the images volume is mounted and writable (a read-only or missing PersistentVolume fails uploads).</summary>
public sealed class ImagesDirectoryHealthCheck(ImageFiles files) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(files.TempDirectory, $"health-{Guid.NewGuid():N}.probe");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy(files.Root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy(files.Root, ex);
        }
    }
}
