using EndpointStats.Hosting.Analytics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// The raw-event insert of the SQLite writer: one statement prepared once per connection and driven through the native API
/// (bind, step, reset). ADO.NET's per-execution binding costs more than SQLite's own B-tree insert at these rates.
/// <c>INSERT OR IGNORE</c> on the (ts, id) key: a row change count of 0 marks a replay.
/// </summary>
internal sealed class SqliteEventInserter : IDisposable
{
    private const int Done = 101; // SQLITE_DONE
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;

    public SqliteEventInserter(SqliteConnection connection, string columns)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, $"INSERT OR IGNORE INTO analytics_events ({columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", out _insert);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    /// <summary>Inserts the batch inside the caller's transaction and returns the events that were new.</summary>
    public List<RequestEvent> Insert(IReadOnlyList<RequestEvent> batch)
    {
        var db = _connection.Handle!;
        var stored = new List<RequestEvent>(batch.Count);
        Span<byte> id = stackalloc byte[16];
        foreach (var e in batch)
        {
            e.Id.TryWriteBytes(id);
            raw.sqlite3_bind_blob(_insert, 1, id);
            raw.sqlite3_bind_int64(_insert, 2, SqliteAnalyticsStore.Micros(e.Timestamp));
            raw.sqlite3_bind_text(_insert, 3, e.Route);
            raw.sqlite3_bind_text(_insert, 4, e.Method);
            raw.sqlite3_bind_int(_insert, 5, e.Status);
            raw.sqlite3_bind_double(_insert, 6, e.DurationMs);
            BindNullable(7, e.ClientIp);
            BindNullable(8, e.UserId);
            BindNullable(9, e.UserAgent);
            BindNullable(10, e.PodName);
            raw.sqlite3_bind_int64(_insert, 11, e.RequestBytes);
            raw.sqlite3_bind_int64(_insert, 12, e.ResponseBytes);
            raw.sqlite3_bind_int(_insert, 13, e.IsError ? 1 : 0);
            var rc = raw.sqlite3_step(_insert);
            raw.sqlite3_reset(_insert);
            if (rc != Done)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            if (raw.sqlite3_changes(db) == 1)
            {
                stored.Add(e);
            }
        }

        return stored;
    }

    private void BindNullable(int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(_insert, index);
        }
        else
        {
            raw.sqlite3_bind_text(_insert, index, value);
        }
    }

    public void Dispose() => _insert.Dispose();
}
