using Npgsql;

namespace EndpointStats.Analytics.Tests;

/// <summary>What PostgreSQL holds for one route: raw rows, distinct ids and the rollup total (compacted or pending) must all agree.</summary>
internal sealed record StoredCounts(long Rows, long DistinctIds, long RollupTotal)
{
    public static async Task<StoredCounts> ReadAsync(string connectionString, string route)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT (SELECT count(*) FROM analytics_events WHERE route = $1), (SELECT count(DISTINCT id) FROM analytics_events WHERE route = $1), " +
                // Rollups and the deltas not yet compacted into them, in one statement (one snapshot).
                "(SELECT coalesce(sum(total), 0)::bigint FROM (SELECT total FROM analytics_rollups WHERE route = $1 " +
                "UNION ALL SELECT total FROM analytics_rollup_deltas WHERE route = $1) r)", connection)
            {
                Parameters = { new() { Value = route } },
            };
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new StoredCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (NpgsqlException)
        {
            return new StoredCounts(-1, -1, -1);
        }
    }
}
