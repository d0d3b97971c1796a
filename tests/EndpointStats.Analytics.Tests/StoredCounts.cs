using Npgsql;

namespace EndpointStats.Analytics.Tests;

/// <summary>What PostgreSQL holds for one route: raw rows, distinct ids and the rollup total must all agree.</summary>
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
                "(SELECT coalesce(sum(total), 0)::bigint FROM analytics_rollups WHERE route = $1)", connection)
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
