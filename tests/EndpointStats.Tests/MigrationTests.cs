using EndpointStats.Hosting.Migrations;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EndpointStats.Tests;

public sealed class MigrationTests(TestServers servers)
{
    private static readonly MigrationSet Notes = new("notes",
    [
        new Migration(1, "create_notes",
            "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);"),
        new Migration(2, "add_created",
            "ALTER TABLE notes ADD COLUMN created timestamptz NOT NULL DEFAULT now();",
            "ALTER TABLE notes ADD COLUMN created TEXT NOT NULL DEFAULT '';"),
    ]);

    private static readonly MigrationSet Tags = new("tags",
    [
        new Migration(1, "create_tags", "CREATE TABLE tags (name text PRIMARY KEY);", "CREATE TABLE tags (name TEXT PRIMARY KEY);"),
    ]);

    [Theory, BothProviders]
    public async Task Migrate_Twice_AppliesEverythingOnceThenNothing(DatabaseProvider provider)
    {
        var database = await CreateDatabaseAsync(provider);
        var migrator = new SchemaMigrator(database, [Notes, Tags], NullLogger<SchemaMigrator>.Instance);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);
        var status = await migrator.GetStatusAsync(CancellationToken.None);

        Assert.Equal(3, first);
        Assert.Equal(0, second);
        Assert.All(status, s => Assert.False(s.IsOutdated));
        Assert.Equal([("notes", 2), ("tags", 1)], status.Select(s => (s.Module, s.AppliedVersion)));
        Assert.Equal(1, await ExecuteAsync(database, "INSERT INTO notes (body) VALUES ('x')"));
    }

    [Theory, BothProviders]
    public async Task Migrate_NewVersionShipped_AppliesOnlyTheNewOne(DatabaseProvider provider)
    {
        var database = await CreateDatabaseAsync(provider);
        var firstRelease = new MigrationSet("notes", [Notes.Migrations[0]]);
        await new SchemaMigrator(database, [firstRelease], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var applied = await new SchemaMigrator(database, [Notes], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal(1, applied);
    }

    [Theory, BothProviders]
    public async Task Migrate_ReplicasStartingTogether_ApplyEachMigrationOnce(DatabaseProvider provider)
    {
        var storage = await servers.CreateStorageAsync(provider);
        var replicas = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(Open(storage), [Notes, Tags], NullLogger<SchemaMigrator>.Instance))
            .ToList();

        var applied = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.MigrateAsync(CancellationToken.None))));

        Assert.Equal(3, applied.Sum());
    }

    [Theory, BothProviders]
    public async Task Start_MigrateOnStartOffAndSchemaOutdated_RefusesNamingTheCommand(DatabaseProvider provider)
    {
        var database = await CreateDatabaseAsync(provider);
        var migrator = new SchemaMigrator(database, [Notes], NullLogger<SchemaMigrator>.Instance);
        var startup = new SchemaStartupService(migrator, Options.Create(new StorageOptions { MigrateOnStart = false }),
            NullLogger<SchemaStartupService>.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SchemaOutdatedException>(() => startup.StartAsync(CancellationToken.None));

        Assert.Contains("endpoint-stats migrate", error.Message);
        Assert.Contains("notes at version 0, needs 2", error.Message);
    }

    [Theory, BothProviders]
    public async Task Start_MigrateOnStartOffAndSchemaCurrent_Starts(DatabaseProvider provider)
    {
        var database = await CreateDatabaseAsync(provider);
        var migrator = new SchemaMigrator(database, [Notes], NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        var startup = new SchemaStartupService(migrator, Options.Create(new StorageOptions { MigrateOnStart = false }),
            NullLogger<SchemaStartupService>.Instance, TimeProvider.System);

        await startup.StartAsync(CancellationToken.None);

        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public void FromEmbeddedResources_PairedFiles_LoadsThemInVersionOrder()
    {
        var set = MigrationSet.FromEmbeddedResources("widgets", typeof(MigrationTests).Assembly, "TestMigrations/Paired");

        Assert.Equal([1, 2], set.Migrations.Select(m => m.Version));
        Assert.Equal("create_widgets", set.Migrations[0].Name);
        Assert.Contains("bigserial", set.Migrations[0].PostgresSql);
        Assert.Contains("AUTOINCREMENT", set.Migrations[0].SqliteSql);
        Assert.Equal(2, set.LatestVersion);
    }

    [Fact]
    public void FromEmbeddedResources_MissingProviderFile_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => MigrationSet.FromEmbeddedResources("broken", typeof(MigrationTests).Assembly, "TestMigrations/Unpaired"));

        Assert.Contains("needs both a .postgres.sql and a .sqlite.sql", error.Message);
    }

    [Theory, BothProviders]
    public async Task Migrate_EmbeddedSet_CreatesTheTable(DatabaseProvider provider)
    {
        var database = await CreateDatabaseAsync(provider);
        var set = MigrationSet.FromEmbeddedResources("widgets", typeof(MigrationTests).Assembly, "TestMigrations/Paired");

        await new SchemaMigrator(database, [set], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        Assert.Equal(1, await ExecuteAsync(database, "INSERT INTO widgets (name, colour) VALUES ('a', 'red')"));
    }

    [Theory, BothProviders]
    public async Task MigrateCommand_Twice_ExitsZeroBothTimes(DatabaseProvider provider)
    {
        var storage = await servers.CreateStorageAsync(provider);
        var args = storage.Settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();

        var first = await Binary.RunAsync(["migrate", .. args]);
        var second = await Binary.RunAsync(["migrate", .. args]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("Applied 0 migration(s)", second.Output);
        Assert.Contains(provider == DatabaseProvider.Postgres ? "postgres:" : "sqlite:", second.Output);
    }

    private async Task<PlatformDatabase> CreateDatabaseAsync(DatabaseProvider provider) => Open(await servers.CreateStorageAsync(provider));

    private static PlatformDatabase Open(TestStorage storage) => storage.Provider == DatabaseProvider.Postgres
        ? new PlatformDatabase(DatabaseProvider.Postgres, NpgsqlDataSource.Create(storage.PostgresConnectionString!), "test")
        : new PlatformDatabase(DatabaseProvider.Sqlite, new SqliteDataSource(storage.SqliteFile), "test");

    private static async Task<int> ExecuteAsync(PlatformDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
