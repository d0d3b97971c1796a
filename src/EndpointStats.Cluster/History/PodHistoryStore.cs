using System.Data.Common;
using EndpointStats.Hosting.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EndpointStats.Cluster.History;

/// <summary>Pod history in the platform database: binary COPY on PostgreSQL, one transaction of prepared inserts on SQLite.</summary>
public sealed class PodHistoryStore(PlatformDatabase database)
{
    private const string Columns = "namespace, pod_name, pod_uid, status, node, changed_at";

    public async Task InsertAsync(IReadOnlyList<PodHistoryRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (connection is NpgsqlConnection npgsql)
        {
            await using var import = await npgsql.BeginBinaryImportAsync($"COPY cluster_pod_history ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(row.Namespace, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(row.PodName, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(row.PodUid, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(row.Status, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(row.Node, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(row.ChangedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO cluster_pod_history ({Columns}) VALUES (@ns, @name, @uid, @status, @node, @at)";
        var parameters = new[] { "@ns", "@name", "@uid", "@status", "@node", "@at" }.Select(n => Add(command, n, null)).ToArray();
        foreach (var row in rows)
        {
            parameters[0].Value = row.Namespace;
            parameters[1].Value = row.PodName;
            parameters[2].Value = row.PodUid;
            parameters[3].Value = row.Status;
            parameters[4].Value = (object?)row.Node ?? DBNull.Value;
            parameters[5].Value = ToDb(row.ChangedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The newest row per pod in the namespaces, for pods not recorded as deleted: what the recorder compares against after a restart.</summary>
    public async Task<IReadOnlyList<PodHistoryRow>> LatestAsync(IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var rows = new List<PodHistoryRow>();
        foreach (var ns in namespaces)
        {
            rows.AddRange(await ReadAsync(
                $"SELECT {Columns} FROM cluster_pod_history WHERE id IN " +
                "(SELECT MAX(id) FROM cluster_pod_history WHERE namespace = @ns GROUP BY pod_uid) AND status <> @deleted",
                [("@ns", ns), ("@deleted", PodHistoryRow.Deleted)],
                cancellationToken));
        }

        return rows;
    }

    /// <summary>Transitions in time order; with a limit, the newest <paramref name="limit"/> of them.</summary>
    public async Task<IReadOnlyList<PodHistoryRow>> QueryAsync(
        string ns, string? pod, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {Columns} FROM cluster_pod_history WHERE namespace = @ns";
        var parameters = new List<(string, object?)> { ("@ns", ns), ("@limit", limit) };
        if (pod is not null)
        {
            sql += " AND pod_name = @pod";
            parameters.Add(("@pod", pod));
        }

        if (since is not null)
        {
            sql += " AND changed_at >= @since";
            parameters.Add(("@since", ToDb(since.Value)));
        }

        var rows = await ReadAsync(sql + " ORDER BY changed_at DESC, id DESC LIMIT @limit", parameters, cancellationToken);
        return [.. rows.AsEnumerable().Reverse()];
    }

    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM cluster_pod_history WHERE changed_at < @cutoff";
        Add(command, "@cutoff", ToDb(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<PodHistoryRow>> ReadAsync(string sql, IEnumerable<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        var rows = new List<PodHistoryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PodHistoryRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), FromDb(reader, 5)));
        }

        return rows;
    }

    // SQLite has no time type: Unix milliseconds keep ordering and range scans on the index exact.
    private object ToDb(DateTimeOffset value) => database.IsPostgres ? value.UtcDateTime : value.ToUnixTimeMilliseconds();

    private DateTimeOffset FromDb(DbDataReader reader, int ordinal) => database.IsPostgres
        ? new DateTimeOffset(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc))
        : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
