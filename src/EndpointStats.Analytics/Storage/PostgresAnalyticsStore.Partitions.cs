using System.Globalization;
using Npgsql;

namespace EndpointStats.Analytics.Storage;

/// <summary>Day partitions: created ahead by maintenance and on demand by the writer; retention drops whole days.</summary>
public sealed partial class PostgresAnalyticsStore
{
    private static readonly string[] PartitionedTables = ["analytics_events", "analytics_event_ids"];

    public override async Task MaintainAsync(DateTime now, int rawRetentionDays, int rollupRetentionDays, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now);
        await EnsurePartitionsAsync(Enumerable.Range(0, 3).Select(today.AddDays), cancellationToken);

        var oldestKept = today.AddDays(-rawRetentionDays);
        await using var connection = await Npgsql.OpenConnectionAsync(cancellationToken);
        foreach (var table in PartitionedTables)
        {
            foreach (var (name, day) in await ListPartitionsAsync(connection, table, cancellationToken))
            {
                if (day < oldestKept)
                {
                    await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{name}\"", connection);
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                    _partitions.TryRemove(day, out _);
                }
            }
        }

        foreach (var (table, column) in RollupTable.All.Select(t => (t.Name, t.TimeColumn)).Append((RollupTable.DeltaTable, "hour")))
        {
            await using var rollups = new NpgsqlCommand($"DELETE FROM {table} WHERE {column} < $1", connection)
            {
                Parameters = { new() { Value = DateTime.SpecifyKind(now.Date.AddDays(-rollupRetentionDays), DateTimeKind.Utc) } },
            };
            await rollups.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task EnsurePartitionsAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var missing = days.Where(d => !_partitions.ContainsKey(d)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await using var connection = await Npgsql.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PartitionLockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var day in missing)
        {
            foreach (var table in PartitionedTables)
            {
                var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await using var create = new NpgsqlCommand(
                    $"CREATE TABLE IF NOT EXISTS \"{table}_{day:yyyyMMdd}\" PARTITION OF {table} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
                    connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var day in missing)
        {
            _partitions[day] = true;
        }
    }

    private static async Task<List<(string Name, DateOnly Day)>> ListPartitionsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1", connection)
        {
            Parameters = { new() { Value = table } },
        };
        var partitions = new List<(string, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (DateOnly.TryParseExact(name[(table.Length + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                partitions.Add((name, day));
            }
        }

        return partitions;
    }
}
