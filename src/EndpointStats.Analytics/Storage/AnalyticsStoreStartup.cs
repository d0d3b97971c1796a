using Microsoft.Extensions.Hosting;

namespace EndpointStats.Analytics.Storage;

/// <summary>Readies the analytics store (<see cref="AnalyticsStore.PrepareAsync"/>) after the schema is migrated and before the server starts.</summary>
internal sealed class AnalyticsStoreStartup(AnalyticsStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.PrepareAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
