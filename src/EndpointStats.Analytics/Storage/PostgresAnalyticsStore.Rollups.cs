using EndpointStats.Analytics.Model;
using Npgsql;

namespace EndpointStats.Analytics.Storage;

public sealed partial class PostgresAnalyticsStore
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> deltas out of the delta table, merges them per key and into the stored hourly and
    /// daily rollups, all in one transaction under an advisory lock (another replica already compacting: nothing to do).
    /// </summary>
    public override async Task<int> CompactAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Npgsql.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({RollupLockKey})", connection))
        {
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        var hourly = new Dictionary<RollupKey, RollupAggregate>();
        var folded = 0;
        await using (var take = new NpgsqlCommand(
            $"DELETE FROM {RollupTable.DeltaTable} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {RollupTable.DeltaTable} LIMIT $1)) RETURNING {RollupTable.Hourly.Columns}",
            connection) { Parameters = { new() { Value = limit } } })
        {
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                MergeRow(reader, 0, Into(hourly, ReadKey(reader, 0)));
                folded++;
            }
        }

        if (folded > 0)
        {
            // Daily first: merging into the hourly table folds the stored rows into these aggregates.
            var daily = DailyOf(hourly);
            await MergeRollupsAsync(connection, RollupTable.Hourly, hourly, cancellationToken);
            await MergeRollupsAsync(connection, RollupTable.Daily, daily, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return folded;
    }

    /// <summary>Reads the stored rollups of the deltas' keys, merges them into the deltas (which then hold the new rows) and writes those back: two round trips.</summary>
    private async Task MergeRollupsAsync(NpgsqlConnection connection, RollupTable table, Dictionary<RollupKey, RollupAggregate> deltas, CancellationToken cancellationToken)
    {
        var keys = deltas.Keys.ToList();
        await using (var select = new NpgsqlCommand(
            $"SELECT {Prefixed(table, "r")} FROM {table.Name} r JOIN unnest($1::text[], $2::text[], $3::timestamptz[]) AS k(route, method, t) " +
            $"ON r.route = k.route AND r.method = k.method AND r.{table.TimeColumn} = k.t", connection))
        {
            select.Parameters.Add(new() { Value = keys.Select(k => k.Route).ToArray() });
            select.Parameters.Add(new() { Value = keys.Select(k => k.Method).ToArray() });
            select.Parameters.Add(new() { Value = keys.Select(k => k.Hour).ToArray() });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                MergeRow(reader, 0, deltas[ReadKey(reader, 0)]);
            }
        }

        var rows = deltas.ToList();
        await using var upsert = new NpgsqlCommand(
            $"INSERT INTO {table.Name} ({table.Columns}) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], " +
            "$5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::float8[], $13::float8[], " +
            "$14::float8[], $15::bytea[], $16::bytea[], $17::timestamptz[], $18::bigint[], $19::bigint[]) " +
            $"ON CONFLICT (route, method, {table.TimeColumn}) DO UPDATE SET total = excluded.total, s0 = excluded.s0, s1 = excluded.s1, s2 = excluded.s2, " +
            "s3 = excluded.s3, s4 = excluded.s4, s5 = excluded.s5, errors = excluded.errors, latency_sum = excluded.latency_sum, " +
            "latency_min = excluded.latency_min, latency_max = excluded.latency_max, histogram = excluded.histogram, clients = excluded.clients, " +
            "last_seen = excluded.last_seen, request_bytes = excluded.request_bytes, response_bytes = excluded.response_bytes", connection);
        void Add<T>(Func<KeyValuePair<RollupKey, RollupAggregate>, T> value) => upsert.Parameters.Add(new() { Value = rows.Select(value).ToArray() });
        Add(r => r.Key.Route);
        Add(r => r.Key.Method);
        Add(r => r.Key.Hour);
        Add(r => r.Value.Total);
        for (var i = 0; i < 6; i++)
        {
            var index = i;
            Add(r => r.Value.StatusClasses[index]);
        }

        Add(r => r.Value.Errors);
        Add(r => r.Value.LatencySumMs);
        Add(r => r.Value.LatencyMinMs);
        Add(r => r.Value.LatencyMaxMs);
        Add(r => r.Value.Histogram.Encode());
        Add(r => r.Value.Clients.Encode());
        Add(r => r.Value.LastSeen);
        Add(r => r.Value.RequestBytes);
        Add(r => r.Value.ResponseBytes);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Prefixed(RollupTable table, string alias) => string.Join(", ", table.Columns.Split(", ").Select(c => $"{alias}.{c}"));
}
