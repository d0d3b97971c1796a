using System.Data.Common;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// SQLite (WAL): one writer connection kept open with its statements prepared once; one immediate transaction per batch
/// claims the ids of a batch that may repeat events (<c>INSERT OR IGNORE</c>; the change count tells new events from
/// replays), appends the new events as blocks (<see cref="SqliteEventWriter"/>) and appends the batch's hourly rollup deltas.
/// Writers, the compactor and retention in this process queue for the writer's own thread rather than on the file lock.
/// </summary>
public sealed partial class SqliteAnalyticsStore(PlatformDatabase database) : AnalyticsStore(database), IDisposable
{
    private readonly WriterThread _writer = new("analytics-sqlite-writer");
    private SqliteConnection? _connection;
    private SqliteEventWriter? _events;

    public override async Task<int> WriteAsync(IReadOnlyList<RequestEvent> batch, EventDelivery delivery, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        return await WithWriterAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var stored = delivery == EventDelivery.InProcess ? batch : _events!.Claim(batch);
            if (stored.Count > 0)
            {
                _events!.Append(stored);
                InsertDeltas(connection, transaction, AggregateHourly(stored));
            }

            transaction.Commit();
            return stored.Count;
        }, cancellationToken);
    }

    public override Task<int> CompactAsync(int limit, CancellationToken cancellationToken) => WithWriterAsync(connection =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var hourly = new Dictionary<RollupKey, RollupAggregate>();
        long lastRowId = 0;
        var folded = 0;
        using (var take = Command(connection, $"SELECT {RollupTable.Hourly.Columns}, rowid FROM {RollupTable.DeltaTable} ORDER BY rowid LIMIT @limit", ("limit", limit)))
        {
            take.Transaction = transaction;
            using var reader = take.ExecuteReader();
            while (reader.Read())
            {
                MergeRow(reader, 0, Into(hourly, ReadKey(reader, 0)));
                lastRowId = reader.GetInt64(19);
                folded++;
            }
        }

        if (folded > 0)
        {
            using var delete = Command(connection, $"DELETE FROM {RollupTable.DeltaTable} WHERE rowid <= @last", ("last", lastRowId));
            delete.Transaction = transaction;
            delete.ExecuteNonQuery();
            // Daily first: merging into the hourly table folds the stored rows into these aggregates.
            var daily = DailyOf(hourly);
            MergeRollups(connection, transaction, RollupTable.Hourly, hourly);
            MergeRollups(connection, transaction, RollupTable.Daily, daily);
        }

        transaction.Commit();
        return folded;
    }, cancellationToken);

    public override Task MaintainAsync(DateTime now, int rawRetentionDays, int rollupRetentionDays, CancellationToken cancellationToken) => WithWriterAsync(connection =>
    {
        RemoveEventsBefore(connection, Micros(now.Date.AddDays(-rawRetentionDays)));

        foreach (var (table, column) in RollupTable.All.Select(t => (t.Name, t.TimeColumn)).Append((RollupTable.DeltaTable, "hour")))
        {
            using var rollups = Command(connection, $"DELETE FROM {table} WHERE {column} < @cutoff", ("cutoff", Micros(now.Date.AddDays(-rollupRetentionDays))));
            rollups.ExecuteNonQuery();
        }

        return 0;
    }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection, alone, on the writer's own thread (<see cref="WriterThread"/>).
    /// The work is synchronous: SQLite does no I/O worth awaiting. A failure drops the connection so the next call starts clean.
    /// </summary>
    private Task<int> WithWriterAsync(Func<SqliteConnection, int> work, CancellationToken cancellationToken) => _writer.RunAsync(() =>
    {
        try
        {
            if (_connection is null)
            {
                _connection = (SqliteConnection)DataSource.OpenConnection();
                // The writer keeps the B-tree pages it appends to in its own cache (64 MiB rather than 2 MiB) instead of
                // reading them back from the file on every batch.
                using (var pragma = Command(_connection, "PRAGMA cache_size = -65536"))
                {
                    pragma.ExecuteNonQuery();
                }

                _events = new SqliteEventWriter(_connection);
            }

            return work(_connection);
        }
        catch
        {
            CloseWriter();
            throw;
        }
    }, cancellationToken);

    private void CloseWriter()
    {
        _events?.Dispose();
        _events = null;
        _connection?.Dispose();
        _connection = null;
    }

    protected override object ToDb(DateTime utc) => Micros(utc);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) => FromMicros(reader.GetInt64(ordinal));

    /// <summary>A time as SQLite stores it: Unix microseconds.</summary>
    internal static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / (TimeSpan.TicksPerMillisecond / 1000);

    internal static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * (TimeSpan.TicksPerMillisecond / 1000));

    public void Dispose()
    {
        _writer.Dispose();
        CloseWriter();
    }
}
