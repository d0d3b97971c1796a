using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Hosting.Migrations;

/// <summary>
/// Runs before the server starts: migrates (the default), or with <c>Storage:MigrateOnStart=false</c> refuses to start on
/// an outdated schema. An unreachable database is retried with backoff for <c>Storage:StartupWaitSeconds</c>, so replicas
/// started before their database come up by themselves.
/// </summary>
public sealed class SchemaStartupService(
    SchemaMigrator migrator,
    IOptions<StorageOptions> options,
    ILogger<SchemaStartupService> logger,
    TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        WithRetryAsync(async ct =>
        {
            await CheckOrMigrateAsync(ct);
            return 0;
        }, cancellationToken);

    /// <summary>What <c>endpoint-stats migrate</c> runs: every pending migration, waiting for the database like start-up does.</summary>
    public Task<int> MigrateWithRetryAsync(CancellationToken cancellationToken) => WithRetryAsync(migrator.MigrateAsync, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().AddSeconds(options.Value.StartupWaitSeconds);
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && time.GetUtcNow() < deadline)
            {
                HostingLog.DatabaseNotReachableAtStart(logger, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task CheckOrMigrateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
            return;
        }

        var status = await migrator.GetStatusAsync(cancellationToken);
        var outdated = status.Where(s => s.IsOutdated).ToList();
        if (outdated.Count > 0)
        {
            throw new SchemaOutdatedException(outdated);
        }

        foreach (var newer in status.Where(s => s.IsNewerThanBinary))
        {
            HostingLog.SchemaNewerThanBinary(logger, newer.Module, newer.AppliedVersion, newer.LatestVersion);
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is System.Net.Sockets.SocketException or TimeoutException or Npgsql.NpgsqlException { IsTransient: true }
        || ex.InnerException is System.Net.Sockets.SocketException or TimeoutException;
}
