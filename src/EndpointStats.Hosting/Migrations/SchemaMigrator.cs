using System.Data;
using System.Data.Common;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Hosting.Migrations;

/// <summary>
/// Applies module migrations in version order, each in its own transaction, recording them in <c>schema_migrations</c>.
/// On PostgreSQL replicas serialise on an advisory lock; on SQLite on the file's write lock (<c>BEGIN IMMEDIATE</c>).
/// </summary>
public sealed class SchemaMigrator(PlatformDatabase database, IEnumerable<MigrationSet> sets, ILogger<SchemaMigrator> logger)
{
    private readonly IReadOnlyList<MigrationSet> _sets = sets.OrderBy(s => s.Module, StringComparer.Ordinal).ToList();

    public IReadOnlyList<MigrationSet> Sets => _sets;

    /// <summary>Applies every pending migration and returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (database.IsPostgres)
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({HistoryTableSql.PostgresAdvisoryLockKey})", cancellationToken);
        }

        try
        {
            await ExecuteAsync(connection, null, HistoryTableSql.Create(database.Provider), cancellationToken);
            return await ApplyPendingAsync(connection, cancellationToken);
        }
        finally
        {
            if (database.IsPostgres)
            {
                // CancellationToken.None: the lock must be released even when start-up is being cancelled.
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({HistoryTableSql.PostgresAdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>Compares what is applied with what this binary ships, without writing anything.</summary>
    public async Task<IReadOnlyList<SchemaStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var applied = await HistoryExistsAsync(connection, cancellationToken)
            ? await ReadAppliedAsync(connection, null, cancellationToken)
            : [];
        return _sets.Select(set => new SchemaStatus(
                set.Module,
                applied.Where(a => a.Module == set.Module).Select(a => a.Version).DefaultIfEmpty(0).Max(),
                set.LatestVersion))
            .ToList();
    }

    private async Task<int> ApplyPendingAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var set in _sets)
        {
            foreach (var migration in set.Migrations)
            {
                if (await ApplyOneAsync(connection, set.Module, migration, cancellationToken))
                {
                    applied++;
                }
            }
        }

        return applied;
    }

    private async Task<bool> ApplyOneAsync(DbConnection connection, string module, Migration migration, CancellationToken cancellationToken)
    {
        // SQLite: deferred=false is BEGIN IMMEDIATE, which takes the write lock before reading the history.
        await using var transaction = database.IsPostgres
            ? await connection.BeginTransactionAsync(cancellationToken)
            : await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var history = await ReadAppliedAsync(connection, transaction, cancellationToken);
        var existing = history.FirstOrDefault(a => a.Module == module && a.Version == migration.Version);
        var checksum = migration.ChecksumFor(database.Provider);
        if (existing is not null)
        {
            if (existing.Checksum != checksum)
            {
                HostingLog.MigrationChecksumMismatch(logger, module, migration.Version, migration.Name);
            }

            return false;
        }

        await ExecuteAsync(connection, transaction, migration.SqlFor(database.Provider), cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = HistoryTableSql.Insert;
            AddParameter(insert, "module", module);
            AddParameter(insert, "version", migration.Version);
            AddParameter(insert, "name", migration.Name);
            AddParameter(insert, "checksum", checksum);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        HostingLog.MigrationApplied(logger, module, migration.Version, migration.Name, database.Provider);
        return true;
    }

    private async Task<bool> HistoryExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = database.IsPostgres
            ? "SELECT to_regclass('schema_migrations') IS NOT NULL"
            : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task<List<AppliedMigration>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = HistoryTableSql.SelectApplied;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(new AppliedMigration(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record AppliedMigration(string Module, int Version, string Checksum);
}
