using System.Collections.Concurrent;
using System.Data.Common;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// PostgreSQL: one transaction per batch claims the event ids (new ones only), binary-COPYs those events into the
/// day-partitioned table and merges their rollups. Rollup merges take a transaction advisory lock so that writers on
/// several pods never overwrite each other's histograms.
/// </summary>
public sealed partial class PostgresAnalyticsStore(PlatformDatabase database) : AnalyticsStore(database)
{
    private const long RollupLockKey = 0x616E616C79746963; // "analytic"
    private const long PartitionLockKey = 0x616E616C79746970;
    private readonly ConcurrentDictionary<DateOnly, bool> _partitions = new();

    private NpgsqlDataSource Npgsql => (NpgsqlDataSource)DataSource;

    public override async Task<int> WriteAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await EnsurePartitionsAsync(batch.Select(e => DateOnly.FromDateTime(e.Timestamp)).Distinct(), cancellationToken);
        await using var connection = await Npgsql.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Shared with other writers, exclusive for partition DDL: a writer never holds table locks while DDL waits for it.
        // The commit must be durable before the batch is acknowledged (a server default of synchronous_commit=off would lose
        // acknowledged events in a crash), so it is forced on for this transaction only.
        await using (var shared = new NpgsqlCommand($"SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock_shared({PartitionLockKey})", connection))
        {
            await shared.ExecuteNonQueryAsync(cancellationToken);
        }

        var fresh = await ClaimIdsAsync(connection, batch, cancellationToken);
        var stored = new List<RequestEvent>(fresh.Count);
        foreach (var e in batch)
        {
            if (fresh.Remove(e.Id))
            {
                stored.Add(e);
            }
        }

        if (stored.Count > 0)
        {
            await CopyAsync(connection, stored, cancellationToken);
            var (hourly, daily) = Aggregate(stored);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({RollupLockKey})", connection))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await MergeRollupsAsync(connection, RollupTable.Hourly, hourly, cancellationToken);
            await MergeRollupsAsync(connection, RollupTable.Daily, daily, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored.Count;
    }

    private static async Task<HashSet<Guid>> ClaimIdsAsync(NpgsqlConnection connection, IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
    {
        var ids = new Guid[batch.Count];
        var times = new DateTime[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            ids[i] = batch[i].Id;
            times[i] = batch[i].Timestamp;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO analytics_event_ids (id, ts) SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT DO NOTHING RETURNING id", connection)
        {
            Parameters = { new() { Value = ids }, new() { Value = times } },
        };
        var fresh = new HashSet<Guid>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            fresh.Add(reader.GetGuid(0));
        }

        return fresh;
    }

    // Synchronous writes into the importer's buffer: an await per field costs more than the field; the buffer flushes to the
    // socket only when full, and the completion is awaited.
    private static async Task CopyAsync(NpgsqlConnection connection, List<RequestEvent> events, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY analytics_events ({EventColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var e in events)
        {
            writer.StartRow();
            writer.Write(e.Id, NpgsqlDbType.Uuid);
            writer.Write(e.Timestamp, NpgsqlDbType.TimestampTz);
            writer.Write(e.Route, NpgsqlDbType.Text);
            writer.Write(e.Method, NpgsqlDbType.Text);
            writer.Write((short)e.Status, NpgsqlDbType.Smallint);
            writer.Write(e.DurationMs, NpgsqlDbType.Double);
            WriteNullable(writer, e.ClientIp);
            WriteNullable(writer, e.UserId);
            WriteNullable(writer, e.UserAgent);
            WriteNullable(writer, e.PodName);
            writer.Write(e.RequestBytes, NpgsqlDbType.Bigint);
            writer.Write(e.ResponseBytes, NpgsqlDbType.Bigint);
            writer.Write(e.IsError, NpgsqlDbType.Boolean);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }

    protected override object ToDb(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
