using EndpointStats.Hosting.Analytics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// The raw-event insert of the SQLite writer, driven through the native API (bind, step, reset) with statements prepared
/// once per connection: ADO.NET's per-execution binding costs more than SQLite's own B-tree insert at these rates.
/// A batch goes in <see cref="RowsPerStatement"/> rows per statement inside a savepoint; <c>INSERT OR IGNORE</c> on the
/// (ts, id) key skips replays, so a change count short of the batch size means some were replays: the savepoint is
/// rolled back and the batch inserted row by row, each row's change count telling new from replayed.
/// </summary>
internal sealed class SqliteEventInserter : IDisposable
{
    public const int RowsPerStatement = 32;
    private const int Columns = 13;
    private const int Done = 101; // SQLITE_DONE
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _one;
    private readonly sqlite3_stmt _many;
    private readonly sqlite3_stmt _save;
    private readonly sqlite3_stmt _release;
    private readonly sqlite3_stmt _rollback;
    private readonly Utf8Cache _texts = new();

    public SqliteEventInserter(SqliteConnection connection, string columns)
    {
        _connection = connection;
        _one = Prepare($"INSERT OR IGNORE INTO analytics_events ({columns}) VALUES {Rows(1)}");
        _many = Prepare($"INSERT OR IGNORE INTO analytics_events ({columns}) VALUES {Rows(RowsPerStatement)}");
        _save = Prepare("SAVEPOINT insert_events");
        _release = Prepare("RELEASE insert_events");
        _rollback = Prepare("ROLLBACK TO insert_events");
    }

    /// <summary>Inserts the batch inside the caller's transaction and returns the events that were new.</summary>
    public IReadOnlyList<RequestEvent> Insert(IReadOnlyList<RequestEvent> batch)
    {
        var db = _connection.Handle!;
        Step(_save);
        long changes = 0;
        var i = 0;
        for (; i + RowsPerStatement <= batch.Count; i += RowsPerStatement)
        {
            for (var row = 0; row < RowsPerStatement; row++)
            {
                Bind(_many, row * Columns, batch[i + row]);
            }

            Step(_many);
            changes += raw.sqlite3_changes(db);
        }

        for (; i < batch.Count; i++)
        {
            Bind(_one, 0, batch[i]);
            Step(_one);
            changes += raw.sqlite3_changes(db);
        }

        if (changes == batch.Count)
        {
            Step(_release);
            return batch;
        }

        Step(_rollback);
        Step(_release);
        var stored = new List<RequestEvent>(batch.Count);
        foreach (var e in batch)
        {
            Bind(_one, 0, e);
            Step(_one);
            if (raw.sqlite3_changes(db) == 1)
            {
                stored.Add(e);
            }
        }

        return stored;
    }

    private void Bind(sqlite3_stmt statement, int first, RequestEvent e)
    {
        Span<byte> id = stackalloc byte[16];
        e.Id.TryWriteBytes(id);
        raw.sqlite3_bind_blob(statement, first + 1, id);
        raw.sqlite3_bind_int64(statement, first + 2, SqliteAnalyticsStore.Micros(e.Timestamp));
        BindText(statement, first + 3, e.Route, 0);
        BindText(statement, first + 4, e.Method, 1);
        raw.sqlite3_bind_int(statement, first + 5, e.Status);
        raw.sqlite3_bind_double(statement, first + 6, e.DurationMs);
        BindText(statement, first + 7, e.ClientIp, 2);
        BindText(statement, first + 8, e.UserId, 3);
        BindText(statement, first + 9, e.UserAgent, 4);
        BindText(statement, first + 10, e.PodName, 5);
        raw.sqlite3_bind_int64(statement, first + 11, e.RequestBytes);
        raw.sqlite3_bind_int64(statement, first + 12, e.ResponseBytes);
        raw.sqlite3_bind_int(statement, first + 13, e.IsError ? 1 : 0);
    }

    private void BindText(sqlite3_stmt statement, int index, string? value, int column)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
        }
        else if (value.Length == 0)
        {
            // An empty span would reach SQLite as a null pointer, which binds NULL rather than ''.
            raw.sqlite3_bind_text(statement, index, value);
        }
        else
        {
            raw.sqlite3_bind_text(statement, index, _texts.Get(column, value));
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != Done)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return statement;
    }

    private static string Rows(int count) => string.Join(", ", Enumerable.Range(0, count)
        .Select(row => "(" + string.Join(", ", Enumerable.Range(row * Columns + 1, Columns).Select(p => $"?{p}")) + ")"));

    public void Dispose()
    {
        foreach (var statement in new[] { _one, _many, _save, _release, _rollback })
        {
            statement.Dispose();
        }
    }
}
