using System.Runtime.InteropServices;
using System.Text;
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
/// Ids and text are encoded into one pinned buffer per statement execution and bound without copies (<see cref="SqliteNative"/>).
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
    private byte[] _arena = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
    private int _used;

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
            Reserve(batch, i, RowsPerStatement);
            for (var row = 0; row < RowsPerStatement; row++)
            {
                Bind(_many, row * Columns, batch[i + row]);
            }

            Step(_many);
            changes += raw.sqlite3_changes(db);
        }

        for (; i < batch.Count; i++)
        {
            Reserve(batch, i, 1);
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
        for (i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            Reserve(batch, i, 1);
            Bind(_one, 0, e);
            Step(_one);
            if (raw.sqlite3_changes(db) == 1)
            {
                stored.Add(e);
            }
        }

        return stored;
    }

    /// <summary>Makes room in the pinned buffer for the ids and text of <paramref name="rows"/> events from <paramref name="start"/>.</summary>
    private void Reserve(IReadOnlyList<RequestEvent> batch, int start, int rows)
    {
        _used = 0;
        var needed = 0;
        for (var i = start; i < start + rows; i++)
        {
            var e = batch[i];
            needed += 16 + Encoding.UTF8.GetMaxByteCount(e.Route.Length + e.Method.Length + (e.ClientIp?.Length ?? 0) + (e.UserId?.Length ?? 0) +
                (e.UserAgent?.Length ?? 0) + (e.PodName?.Length ?? 0));
        }

        if (needed > _arena.Length)
        {
            _arena = GC.AllocateUninitializedArray<byte>(Math.Max(needed, _arena.Length * 2), pinned: true);
        }
    }

    private void Bind(sqlite3_stmt statement, int first, RequestEvent e)
    {
        var handle = statement.DangerousGetHandle();
        e.Id.TryWriteBytes(_arena.AsSpan(_used, 16));
        SqliteNative.BindBlob(handle, first + 1, Address(_used), 16, SqliteNative.Static);
        _used += 16;
        SqliteNative.BindInt64(handle, first + 2, SqliteAnalyticsStore.Micros(e.Timestamp));
        BindText(handle, first + 3, e.Route);
        BindText(handle, first + 4, e.Method);
        SqliteNative.BindInt(handle, first + 5, e.Status);
        SqliteNative.BindDouble(handle, first + 6, e.DurationMs);
        BindText(handle, first + 7, e.ClientIp);
        BindText(handle, first + 8, e.UserId);
        BindText(handle, first + 9, e.UserAgent);
        BindText(handle, first + 10, e.PodName);
        SqliteNative.BindInt64(handle, first + 11, e.RequestBytes);
        SqliteNative.BindInt64(handle, first + 12, e.ResponseBytes);
        SqliteNative.BindInt(handle, first + 13, e.IsError ? 1 : 0);
    }

    private void BindText(IntPtr statement, int index, string? value)
    {
        if (value is null)
        {
            SqliteNative.BindNull(statement, index);
            return;
        }

        // A pointer into the buffer even for "" (a null pointer would bind NULL).
        var length = Encoding.UTF8.GetBytes(value, _arena.AsSpan(_used));
        SqliteNative.BindText(statement, index, Address(_used), length, SqliteNative.Static);
        _used += length;
    }

    private IntPtr Address(int offset) => Marshal.UnsafeAddrOfPinnedArrayElement(_arena, offset);

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
