using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EndpointStats.Analytics.Tests;

/// <summary>What the database holds for one route: raw rows, distinct ids and the rollup total (compacted or pending) must all agree.</summary>
internal sealed record StoredCounts(long Rows, long DistinctIds, long RollupTotal)
{
    // Rollups and the deltas not yet compacted into them, in one statement (one snapshot).
    private const string Sql =
        "SELECT (SELECT count(*) FROM analytics_events WHERE route = @route), (SELECT count(DISTINCT id) FROM analytics_events WHERE route = @route), " +
        "(SELECT coalesce(sum(total), 0) FROM (SELECT total FROM analytics_rollups WHERE route = @route " +
        "UNION ALL SELECT total FROM analytics_rollup_deltas WHERE route = @route) r)";

    public static Task<StoredCounts> ReadAsync(string postgresConnectionString, string route) =>
        ReadAsync(new NpgsqlConnection(postgresConnectionString), route);

    public static Task<StoredCounts> ReadAsync(TestStorage storage, string route) => storage.Provider == DatabaseProvider.Postgres
        ? ReadAsync(storage.PostgresConnectionString!, route)
        : ReadAsync(new SqliteConnection($"Data Source={storage.SqliteFile};Pooling=false"), route);

    private static async Task<StoredCounts> ReadAsync(DbConnection connection, string route)
    {
        try
        {
            await using (connection)
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand(Sql, ("route", route));
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                return new StoredCounts(reader.GetInt64(0), reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2)));
            }
        }
        catch (DbException)
        {
            return new StoredCounts(-1, -1, -1);
        }
    }
}
