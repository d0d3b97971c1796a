using EndpointStats.Analytics.Model;
using Microsoft.Data.Sqlite;

namespace EndpointStats.Analytics.Storage;

public sealed partial class SqliteAnalyticsStore
{
    private const int RollupColumnCount = 19;

    private static void InsertDeltas(SqliteConnection connection, SqliteTransaction transaction, Dictionary<RollupKey, RollupAggregate> deltas)
    {
        using var insert = RowCommand(connection, transaction, $"INSERT INTO {RollupTable.DeltaTable} ({RollupTable.Hourly.Columns})", out var values);
        foreach (var (key, delta) in deltas)
        {
            Bind(values, key, delta);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Reads the stored rollup of each key, merges it into the delta (which then holds the new row) and writes it back.</summary>
    private void MergeRollups(SqliteConnection connection, SqliteTransaction transaction, RollupTable table, Dictionary<RollupKey, RollupAggregate> deltas)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {table.Columns} FROM {table.Name} WHERE route = @route AND method = @method AND {table.TimeColumn} = @hour";
        var sr = select.Parameters.Add(new SqliteParameter { ParameterName = "@route" });
        var sm = select.Parameters.Add(new SqliteParameter { ParameterName = "@method" });
        var sh = select.Parameters.Add(new SqliteParameter { ParameterName = "@hour" });
        using var upsert = RowCommand(connection, transaction, $"INSERT OR REPLACE INTO {table.Name} ({table.Columns})", out var values);
        foreach (var (key, delta) in deltas)
        {
            sr.Value = key.Route;
            sm.Value = key.Method;
            sh.Value = Micros(key.Hour);
            using (var reader = select.ExecuteReader())
            {
                if (reader.Read())
                {
                    MergeRow(reader, 0, delta);
                }
            }

            Bind(values, key, delta);
            upsert.ExecuteNonQuery();
        }
    }

    private static SqliteCommand RowCommand(SqliteConnection connection, SqliteTransaction transaction, string insertInto, out SqliteParameter[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = insertInto + " VALUES (" + string.Join(", ", Enumerable.Range(0, RollupColumnCount).Select(i => $"@p{i}")) + ")";
        values = Enumerable.Range(0, RollupColumnCount).Select(i => command.Parameters.Add(new SqliteParameter { ParameterName = $"@p{i}" })).ToArray();
        return command;
    }

    private static void Bind(SqliteParameter[] values, RollupKey key, RollupAggregate a)
    {
        object[] row =
        [
            key.Route, key.Method, Micros(key.Hour), a.Total, .. a.StatusClasses.Cast<object>(), a.Errors, a.LatencySumMs,
            a.LatencyMinMs, a.LatencyMaxMs, a.Histogram.Encode(), a.Clients.Encode(), Micros(a.LastSeen), a.RequestBytes, a.ResponseBytes,
        ];
        for (var i = 0; i < row.Length; i++)
        {
            values[i].Value = row[i];
        }
    }
}
