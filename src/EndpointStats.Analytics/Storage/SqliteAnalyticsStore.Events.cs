using System.Buffers;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using Microsoft.Data.Sqlite;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// Raw events in blocks (<see cref="EventBlock"/>): a range read takes the blocks that overlap it, oldest start first, and
/// merges their events by time; retention drops whole blocks and rewrites the few that straddle the cutoff.
/// </summary>
public sealed partial class SqliteAnalyticsStore
{
    private const string LegacyEventsTable = "analytics_events_before_blocks";

    public override async IAsyncEnumerable<RequestEvent> ReadEventsAsync(DateTime from, DateTime to, string? route,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long start = Micros(from), end = Micros(to);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = BlocksCommand(connection, start, end);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Each block is sorted by time; a block joins the merge once the earliest event waiting is no older than its start,
        // since every event of it and of the blocks after it is at least that recent.
        var open = new PriorityQueue<OpenBlock, long>();
        var next = await NextBlockAsync(reader, route, cancellationToken);
        while (true)
        {
            while (next is not null && (open.Count == 0 || next.FirstMicros <= open.Peek().Events.TimestampMicros))
            {
                Enter(open, next, start, end, route);
                next = await NextBlockAsync(reader, route, cancellationToken);
            }

            if (!open.TryDequeue(out var block, out _))
            {
                break;
            }

            yield return block.Events.Current;
            Enter(open, block, start, end, route);
        }
    }

    public override async Task<IReadOnlyList<ClientCount>> TopClientsAsync(DateTime from, DateTime to, string? route, int limit, CancellationToken cancellationToken)
    {
        long start = Micros(from), end = Micros(to);
        var clients = new Dictionary<string, (long Requests, long Errors, long LastMicros)>(StringComparer.Ordinal);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = BlocksCommand(connection, start, end);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await NextBlockAsync(reader, route, cancellationToken) is { } block)
        {
            var events = block.Events;
            while (events.MoveNext() && events.TimestampMicros < end)
            {
                if (events.TimestampMicros >= start && events.ClientIp is { } client && (route is null || events.Route == route))
                {
                    ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(clients, client, out _);
                    counts = (counts.Requests + 1, counts.Errors + (events.CountsAsError ? 1 : 0), Math.Max(counts.LastMicros, events.TimestampMicros));
                }
            }

            block.Return();
        }

        return clients
            .OrderByDescending(c => c.Value.Requests).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(c => new ClientCount(c.Key, c.Value.Requests, c.Value.Errors, FromMicros(c.Value.LastMicros)))
            .ToList();
    }

    /// <summary>Moves the rows stored before blocks (schema version 2) into blocks; runs once, before the first request.</summary>
    public override Task PrepareAsync(CancellationToken cancellationToken) => WithWriterAsync(connection =>
    {
        using (var exists = Command(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{LegacyEventsTable}'"))
        {
            if ((long)exists.ExecuteScalar()! == 0)
            {
                return 0;
            }
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var moved = 0;
        var chunk = new List<RequestEvent>(SqliteEventWriter.MaxEventsPerBlock);
        using (var select = Command(connection, $"SELECT {EventColumns} FROM {LegacyEventsTable} ORDER BY ts, id"))
        {
            select.Transaction = transaction;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                chunk.Add(ReadEvent(reader));
                if (chunk.Count == chunk.Capacity)
                {
                    _events!.Append(chunk);
                    moved += chunk.Count;
                    chunk.Clear();
                }
            }
        }

        if (chunk.Count > 0)
        {
            _events!.Append(chunk);
            moved += chunk.Count;
        }

        using (var drop = Command(connection, $"DROP TABLE {LegacyEventsTable}"))
        {
            drop.Transaction = transaction;
            drop.ExecuteNonQuery();
        }

        transaction.Commit();
        return moved;
    }, cancellationToken);

    /// <summary>
    /// Removes the events older than <paramref name="cutoff"/> and their ids: whole blocks where they can, and the few blocks
    /// that hold events on both sides of the cutoff are written again with the recent ones only.
    /// </summary>
    private void RemoveEventsBefore(SqliteConnection connection, long cutoff)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var kept = new List<RequestEvent>();
        using (var straddling = Command(connection,
            "SELECT first_ts, data FROM analytics_event_blocks WHERE first_ts >= @earliest AND first_ts < @cutoff AND last_ts >= @cutoff",
            ("earliest", cutoff - SqliteEventWriter.MaxBlockSpanMicros), ("cutoff", cutoff)))
        {
            straddling.Transaction = transaction;
            using var reader = straddling.ExecuteReader();
            while (reader.Read())
            {
                var block = ReadBlock(reader);
                while (block.Events.MoveNext())
                {
                    if (block.Events.TimestampMicros >= cutoff)
                    {
                        kept.Add(block.Events.Current);
                    }
                }

                block.Return();
            }
        }

        foreach (var sql in new[]
        {
            "DELETE FROM analytics_event_blocks WHERE first_ts < @cutoff",
            "DELETE FROM analytics_event_ids WHERE ts < @cutoff",
        })
        {
            using var delete = Command(connection, sql, ("cutoff", cutoff));
            delete.Transaction = transaction;
            delete.ExecuteNonQuery();
        }

        if (kept.Count > 0)
        {
            _events!.Append(kept);
        }

        transaction.Commit();
    }

    private static SqliteCommand BlocksCommand(DbConnection connection, long start, long end) => (SqliteCommand)Command(connection,
        "SELECT first_ts, data FROM analytics_event_blocks WHERE first_ts >= @earliest AND first_ts < @end AND last_ts >= @start ORDER BY first_ts",
        ("earliest", start - SqliteEventWriter.MaxBlockSpanMicros), ("start", start), ("end", end));

    /// <summary>The next block of the reader, skipped undecoded while it holds no event of <paramref name="route"/>.</summary>
    private static async Task<OpenBlock?> NextBlockAsync(SqliteDataReader reader, string? route, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var block = ReadBlock(reader);
            if (route is null || block.Events.Mentions(route))
            {
                return block;
            }

            block.Return();
        }

        return null;
    }

    /// <summary>The block of the reader's row (<c>first_ts, data</c>), in a pooled buffer that <see cref="OpenBlock.Return"/> gives back.</summary>
    private static OpenBlock ReadBlock(DbDataReader reader)
    {
        var length = (int)reader.GetBytes(1, 0, null, 0, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        reader.GetBytes(1, 0, buffer, 0, length);
        return new OpenBlock(reader.GetInt64(0), new EventBlock(buffer, length), buffer);
    }

    /// <summary>Advances <paramref name="block"/> to its next event in range and queues it by that event's time; returns its buffer when it has none left.</summary>
    private static void Enter(PriorityQueue<OpenBlock, long> open, OpenBlock block, long start, long end, string? route)
    {
        var events = block.Events;
        while (events.MoveNext() && events.TimestampMicros < end)
        {
            if (events.TimestampMicros >= start && (route is null || events.Route == route))
            {
                open.Enqueue(block, events.TimestampMicros);
                return;
            }
        }

        block.Return();
    }

    private sealed record OpenBlock(long FirstMicros, EventBlock Events, byte[] Buffer)
    {
        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
