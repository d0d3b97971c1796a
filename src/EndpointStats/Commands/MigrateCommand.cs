using System.CommandLine;
using EndpointStats.Hosting;
using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Commands;

/// <summary>Applies every module's migrations to the configured database and exits; the Helm chart runs it as a hook Job.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply every module's schema migrations to the configured database and exit. Running it twice changes nothing.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result.UnmatchedTokens.ToArray(), ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = args,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.AddServiceDefaultsLogging();
            builder.AddPlatformStorage(migrateOnStart: false);
            foreach (var set in ModuleCatalog.AllMigrations)
            {
                builder.Services.AddSingleton(set);
            }

            using var host = builder.Build();
            var startup = host.Services.GetRequiredService<SchemaStartupService>();
            var applied = await startup.MigrateWithRetryAsync(cancellationToken);
            var status = await host.Services.GetRequiredService<SchemaMigrator>().GetStatusAsync(cancellationToken);
            var database = host.Services.GetRequiredService<PlatformDatabase>();
            Console.WriteLine($"Applied {applied} migration(s) to {database.Description}.");
            foreach (var module in status)
            {
                Console.WriteLine($"  {module.Module}: version {module.AppliedVersion}");
            }

            return ExitCodes.Success;
        }
        catch (Exception ex) when (StartupErrors.IsOperatorError(ex))
        {
            return StartupErrors.Report(ex);
        }
    }
}
