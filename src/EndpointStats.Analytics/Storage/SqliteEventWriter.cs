using System.Runtime.InteropServices;
using EndpointStats.Hosting.Analytics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// The raw-event half of a SQLite write, driven through the native API (bind, step, reset) with statements prepared once
/// per connection. Events that may be replays (from the collect endpoints) are first claimed by id in
/// <c>analytics_event_ids</c> (<c>INSERT OR IGNORE</c> on (ts, id); the change count tells new from replayed); the new
/// events are then sorted by time and appended as blocks (<see cref="EventBlock"/>) of at most
/// <see cref="MaxEventsPerBlock"/> events spanning at most <see cref="MaxBlockSpanMicros"/>, so a time-range read finds every
/// block it needs among those starting at most that long before the range.
/// </summary>
internal sealed class SqliteEventWriter : IDisposable
{
    public const int MaxEventsPerBlock = 8192;
    public const long MaxBlockSpanMicros = 3_600_000_000;
    private const int Done = 101; // SQLITE_DONE
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _claim;
    private readonly sqlite3_stmt _block;
    private readonly EventBlockEncoder _encoder = new();
    private readonly byte[] _id = GC.AllocateUninitializedArray<byte>(16, pinned: true);
    private long[] _times = new long[1024];
    private RequestEvent[] _sorted = new RequestEvent[1024];

    public SqliteEventWriter(SqliteConnection connection)
    {
        _connection = connection;
        _claim = Prepare("INSERT OR IGNORE INTO analytics_event_ids (ts, id) VALUES (?1, ?2)");
        _block = Prepare("INSERT INTO analytics_event_blocks (first_ts, last_ts, events, data) VALUES (?1, ?2, ?3, ?4)");
    }

    /// <summary>Records the ids of <paramref name="batch"/> inside the caller's transaction and returns the events not seen before.</summary>
    public IReadOnlyList<RequestEvent> Claim(IReadOnlyList<RequestEvent> batch)
    {
        var db = _connection.Handle!;
        var handle = _claim.DangerousGetHandle();
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(_id, 0);
        List<RequestEvent>? stored = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            e.Id.TryWriteBytes(_id);
            SqliteNative.BindInt64(handle, 1, SqliteAnalyticsStore.Micros(e.Timestamp));
            SqliteNative.BindBlob(handle, 2, address, 16, SqliteNative.Static);
            Step(_claim);
            var isNew = raw.sqlite3_changes(db) == 1;
            if (!isNew && stored is null)
            {
                stored = new List<RequestEvent>(batch.Count);
                for (var j = 0; j < i; j++)
                {
                    stored.Add(batch[j]);
                }
            }
            else if (isNew)
            {
                stored?.Add(e);
            }
        }

        return stored ?? batch;
    }

    /// <summary>Appends <paramref name="events"/> as blocks inside the caller's transaction.</summary>
    public void Append(IReadOnlyList<RequestEvent> events)
    {
        var count = Sort(events);
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && end - start < MaxEventsPerBlock && _times[end] - _times[start] < MaxBlockSpanMicros)
            {
                end++;
            }

            var block = _encoder.Encode(_sorted.AsSpan(start, end - start));
            var handle = _block.DangerousGetHandle();
            SqliteNative.BindInt64(handle, 1, _times[start]);
            SqliteNative.BindInt64(handle, 2, _times[end - 1]);
            SqliteNative.BindInt(handle, 3, end - start);
            SqliteNative.BindBlob(handle, 4, Marshal.UnsafeAddrOfPinnedArrayElement(block.Array!, 0), block.Count, SqliteNative.Static);
            Step(_block);
            start = end;
        }

        Array.Clear(_sorted, 0, count);
    }

    /// <summary>Copies the events and their times into the reused arrays, oldest first.</summary>
    private int Sort(IReadOnlyList<RequestEvent> events)
    {
        var count = events.Count;
        if (_times.Length < count)
        {
            _times = new long[count];
            _sorted = new RequestEvent[count];
        }

        var sorted = true;
        for (var i = 0; i < count; i++)
        {
            _sorted[i] = events[i];
            _times[i] = SqliteAnalyticsStore.Micros(events[i].Timestamp);
            sorted &= i == 0 || _times[i] >= _times[i - 1];
        }

        if (!sorted)
        {
            Array.Sort(_times, _sorted, 0, count);
        }

        return count;
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

    public void Dispose()
    {
        _claim.Dispose();
        _block.Dispose();
    }
}
