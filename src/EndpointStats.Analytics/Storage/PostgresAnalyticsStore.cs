using System.Collections.Concurrent;
using System.Data.Common;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Storage;
using Npgsql;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// PostgreSQL: one transaction per batch claims the event ids, binary-COPYs the new events into the day-partitioned table
/// and appends their hourly rollup deltas, also by COPY. Nothing in it reads or locks a shared row, so writers on any number
/// of connections and pods run side by side; the compactor folds deltas into the rollups under an advisory lock.
/// </summary>
public sealed partial class PostgresAnalyticsStore(PlatformDatabase database) : AnalyticsStore(database)
{
    private const long RollupLockKey = 0x616E616C79746963; // "analytic"
    private const long PartitionLockKey = 0x616E616C79746970;
    private readonly ConcurrentDictionary<DateOnly, bool> _partitions = new();

    private NpgsqlDataSource Npgsql => (NpgsqlDataSource)DataSource;

    public override async Task<int> WriteAsync(IReadOnlyList<RequestEvent> batch, EventDelivery delivery, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await EnsurePartitionsAsync(DaysOf(batch), cancellationToken);
        await using var connection = await Npgsql.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Shared with other writers, exclusive for partition DDL: a writer never holds table locks while DDL waits for it.
        // The commit must be durable before the batch is acknowledged (a server default of synchronous_commit=off would lose
        // acknowledged events in a crash), so it is forced on for this transaction only.
        await ExecuteAsync(connection, $"SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock_shared({PartitionLockKey}); SAVEPOINT claim",
            cancellationToken);
        var stored = await ClaimAsync(connection, batch, cancellationToken);
        if (stored.Count > 0)
        {
            await CopyEventsAsync(connection, stored, cancellationToken);
            await CopyDeltasAsync(connection, AggregateHourly(stored), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored.Count;
    }

    /// <summary>
    /// Records the batch's ids and returns the events not seen before. The common case (all new) is a binary COPY of the ids;
    /// a replay makes it fail on the primary key, and then, back at the savepoint, an <c>INSERT … ON CONFLICT DO NOTHING
    /// RETURNING</c> picks the new ones.
    /// </summary>
    private static async Task<IReadOnlyList<RequestEvent>> ClaimAsync(NpgsqlConnection connection, IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using (var writer = await connection.BeginBinaryImportAsync("COPY analytics_event_ids (id, ts) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var e in batch)
                {
                    writer.StartRow();
                    writer.Write(e.Id, NpgsqlTypes.NpgsqlDbType.Uuid);
                    writer.Write(e.Timestamp, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await ExecuteAsync(connection, "RELEASE SAVEPOINT claim", cancellationToken);
            return batch;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT claim", cancellationToken);
        }

        var fresh = await ClaimEachAsync(connection, batch, cancellationToken);
        var stored = new List<RequestEvent>(fresh.Count);
        foreach (var e in batch)
        {
            if (fresh.Remove(e.Id))
            {
                stored.Add(e);
            }
        }

        return stored;
    }

    private static async Task<HashSet<Guid>> ClaimEachAsync(NpgsqlConnection connection, IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
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

    private static IEnumerable<DateOnly> DaysOf(IReadOnlyList<RequestEvent> batch)
    {
        var days = new HashSet<DateOnly>();
        var lastDay = DateTime.MinValue;
        foreach (var e in batch)
        {
            var day = e.Timestamp.Date;
            if (day != lastDay)
            {
                days.Add(DateOnly.FromDateTime(day));
                lastDay = day;
            }
        }

        return days;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override object ToDb(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
