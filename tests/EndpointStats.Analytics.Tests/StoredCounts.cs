using System.Data.Common;
using EndpointStats.Analytics.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EndpointStats.Analytics.Tests;

/// <summary>What the database holds for one route: raw rows, distinct ids and the rollup total (compacted or pending) must all agree.</summary>
internal sealed record StoredCounts(long Rows, long DistinctIds, long RollupTotal)
{
    // Rollups and the deltas not yet compacted into them, in one statement (one snapshot).
    private const string RollupSql =
        "SELECT coalesce(sum(total), 0) FROM (SELECT total FROM analytics_rollups WHERE route = @route " +
        "UNION ALL SELECT total FROM analytics_rollup_deltas WHERE route = @route) r";

    private const string PostgresSql =
        "SELECT count(*), count(DISTINCT id), (" + RollupSql + ") FROM analytics_events WHERE route = @route";

    // SQLite keeps raw events in blocks: every block is decoded, in the same transaction as the rollups are summed.
    private const string SqliteSql = "SELECT data, (" + RollupSql + ") FROM analytics_event_blocks UNION ALL SELECT NULL, (" + RollupSql + ")";

    public static Task<StoredCounts> ReadAsync(string postgresConnectionString, string route) =>
        ReadAsync(new NpgsqlConnection(postgresConnectionString), PostgresSql, route);

    public static Task<StoredCounts> ReadAsync(TestStorage storage, string route) => storage.Provider == DatabaseProvider.Postgres
        ? ReadAsync(storage.PostgresConnectionString!, route)
        : ReadAsync(new SqliteConnection($"Data Source={storage.SqliteFile};Pooling=false"), SqliteSql, route);

    private static async Task<StoredCounts> ReadAsync(DbConnection connection, string sql, string route)
    {
        try
        {
            await using (connection)
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand(sql, ("route", route));
                await using var reader = await command.ExecuteReaderAsync();
                if (connection is NpgsqlConnection)
                {
                    await reader.ReadAsync();
                    return new StoredCounts(reader.GetInt64(0), reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2)));
                }

                long rows = 0, rollupTotal = 0;
                var ids = new HashSet<Guid>();
                while (await reader.ReadAsync())
                {
                    rollupTotal = reader.GetInt64(1);
                    if (reader.IsDBNull(0))
                    {
                        continue;
                    }

                    var data = (byte[])reader.GetValue(0);
                    var events = new EventBlock(data, data.Length);
                    while (events.MoveNext())
                    {
                        if (events.Route == route)
                        {
                            rows++;
                            ids.Add(events.Id);
                        }
                    }
                }

                return new StoredCounts(rows, ids.Count, rollupTotal);
            }
        }
        catch (DbException)
        {
            return new StoredCounts(-1, -1, -1);
        }
    }
}
