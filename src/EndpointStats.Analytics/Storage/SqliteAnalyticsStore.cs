using System.Data.Common;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// SQLite (WAL): one immediate transaction per batch with a prepared <c>INSERT OR IGNORE</c>, whose row count tells new
/// events from replays, then the rollup merge. Writers in this process queue on a semaphore rather than on the file lock.
/// </summary>
public sealed class SqliteAnalyticsStore(PlatformDatabase database) : AnalyticsStore(database), IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public override async Task<int> WriteAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var stored = Insert(connection, transaction, batch);
            if (stored.Count > 0)
            {
                var (hourly, daily) = Aggregate(stored);
                MergeRollups(connection, transaction, RollupTable.Hourly, hourly);
                MergeRollups(connection, transaction, RollupTable.Daily, daily);
            }

            await transaction.CommitAsync(cancellationToken);
            return stored.Count;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static List<RequestEvent> Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<RequestEvent> batch)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR IGNORE INTO analytics_events ({EventColumns}) VALUES (@id, @ts, @route, @method, @status, @duration, " +
                             "@client, @user, @agent, @pod, @reqBytes, @resBytes, @error)";
        var p = new[] { "@id", "@ts", "@route", "@method", "@status", "@duration", "@client", "@user", "@agent", "@pod", "@reqBytes", "@resBytes", "@error" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        insert.Prepare();
        var stored = new List<RequestEvent>(batch.Count);
        foreach (var e in batch)
        {
            p[0].Value = e.Id.ToByteArray();
            p[1].Value = Micros(e.Timestamp);
            p[2].Value = e.Route;
            p[3].Value = e.Method;
            p[4].Value = e.Status;
            p[5].Value = e.DurationMs;
            p[6].Value = (object?)e.ClientIp ?? DBNull.Value;
            p[7].Value = (object?)e.UserId ?? DBNull.Value;
            p[8].Value = (object?)e.UserAgent ?? DBNull.Value;
            p[9].Value = (object?)e.PodName ?? DBNull.Value;
            p[10].Value = e.RequestBytes;
            p[11].Value = e.ResponseBytes;
            p[12].Value = e.IsError;
            if (insert.ExecuteNonQuery() == 1)
            {
                stored.Add(e);
            }
        }

        return stored;
    }

    private void MergeRollups(SqliteConnection connection, SqliteTransaction transaction, RollupTable table, SortedDictionary<RollupKey, RollupAggregate> deltas)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {table.Columns} FROM {table.Name} WHERE route = @route AND method = @method AND {table.TimeColumn} = @hour";
        var sr = select.Parameters.Add(new SqliteParameter { ParameterName = "@route" });
        var sm = select.Parameters.Add(new SqliteParameter { ParameterName = "@method" });
        var sh = select.Parameters.Add(new SqliteParameter { ParameterName = "@hour" });
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"INSERT OR REPLACE INTO {table.Name} ({table.Columns}) VALUES " +
                             "(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18)";
        var up = Enumerable.Range(0, 19).Select(i => upsert.Parameters.Add(new SqliteParameter { ParameterName = $"@p{i}" })).ToArray();
        foreach (var (key, delta) in deltas)
        {
            sr.Value = key.Route;
            sm.Value = key.Method;
            sh.Value = Micros(key.Hour);
            using (var reader = select.ExecuteReader())
            {
                if (reader.Read())
                {
                    MergeRow(reader, 0, delta);
                }
            }

            object[] values =
            [
                key.Route, key.Method, Micros(key.Hour), delta.Total, .. delta.StatusClasses.Cast<object>(), delta.Errors, delta.LatencySumMs,
                delta.LatencyMinMs, delta.LatencyMaxMs, delta.Histogram.Encode(), delta.Clients.Encode(), Micros(delta.LastSeen),
                delta.RequestBytes, delta.ResponseBytes,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                up[i].Value = values[i];
            }

            upsert.ExecuteNonQuery();
        }
    }

    public override async Task MaintainAsync(DateTime now, int rawRetentionDays, int rollupRetentionDays, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using (var raw = Command(connection, "DELETE FROM analytics_events WHERE ts < @cutoff", ("cutoff", Micros(now.Date.AddDays(-rawRetentionDays)))))
        {
            await raw.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var table in RollupTable.All)
        {
            await using var rollups = Command(connection, $"DELETE FROM {table.Name} WHERE {table.TimeColumn} < @cutoff",
                ("cutoff", Micros(now.Date.AddDays(-rollupRetentionDays))));
            await rollups.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override object ToDb(DateTime utc) => Micros(utc);

    protected override DateTime ReadTime(DbDataReader reader, int ordinal) =>
        DateTime.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * (TimeSpan.TicksPerMillisecond / 1000));

    private static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / (TimeSpan.TicksPerMillisecond / 1000);

    public void Dispose() => _writer.Dispose();
}
