using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EndpointStats.Hosting.Storage;

public static class StorageExtensions
{
    public const string SqliteFileName = "endpoint-stats.db";

    /// <summary>
    /// Registers the process's relational database: PostgreSQL through one <see cref="NpgsqlDataSource"/> when a
    /// connection string (or <c>DATABASE_URL</c>) is set, otherwise the embedded SQLite file under <c>Storage:DataDirectory</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformStorage(this IHostApplicationBuilder builder, bool migrateOnStart = true)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var postgres = ConnectionSettings.Postgres(builder.Configuration);
        builder.Services.TryAddSingleton(sp => postgres is null ? CreateSqlite(sp) : CreatePostgres(sp, postgres));
        builder.Services.TryAddSingleton<SchemaMigrator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SchemaStartupService>();
        if (migrateOnStart)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaStartupService>());
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
        return builder;
    }

    private static PlatformDatabase CreateSqlite(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var file = Path.Combine(options.FullDataDirectory, SqliteFileName);
        return new PlatformDatabase(DatabaseProvider.Sqlite, new SqliteDataSource(file), $"sqlite:{file}");
    }

    private static PlatformDatabase CreatePostgres(IServiceProvider services, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        builder.ConnectionStringBuilder.ApplicationName ??= "endpoint-stats";
        var dataSource = builder.Build();
        var csb = builder.ConnectionStringBuilder;
        return new PlatformDatabase(DatabaseProvider.Postgres, dataSource, $"postgres:{csb.Host}:{csb.Port}/{csb.Database}");
    }
}
