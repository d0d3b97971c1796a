using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace EndpointStats.Analytics.Storage;

// Synchronous writes into the importer's buffer: an await per field costs more than the field; the buffer flushes to the
// socket only when full, and the completion is awaited.
public sealed partial class PostgresAnalyticsStore
{
    private static async Task CopyEventsAsync(NpgsqlConnection connection, IReadOnlyList<RequestEvent> events, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY analytics_events ({EventColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var e in events)
        {
            writer.StartRow();
            writer.Write(e.Id, NpgsqlDbType.Uuid);
            writer.Write(e.Timestamp, NpgsqlDbType.TimestampTz);
            writer.Write(e.Route, NpgsqlDbType.Text);
            writer.Write(e.Method, NpgsqlDbType.Text);
            writer.Write((short)e.Status, NpgsqlDbType.Smallint);
            writer.Write(e.DurationMs, NpgsqlDbType.Double);
            WriteNullable(writer, e.ClientIp);
            WriteNullable(writer, e.UserId);
            WriteNullable(writer, e.UserAgent);
            WriteNullable(writer, e.PodName);
            writer.Write(e.RequestBytes, NpgsqlDbType.Bigint);
            writer.Write(e.ResponseBytes, NpgsqlDbType.Bigint);
            writer.Write(e.IsError, NpgsqlDbType.Boolean);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyDeltasAsync(NpgsqlConnection connection, Dictionary<RollupKey, RollupAggregate> deltas, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {RollupTable.DeltaTable} ({RollupTable.Hourly.Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (key, a) in deltas)
        {
            writer.StartRow();
            writer.Write(key.Route, NpgsqlDbType.Text);
            writer.Write(key.Method, NpgsqlDbType.Text);
            writer.Write(key.Hour, NpgsqlDbType.TimestampTz);
            writer.Write(a.Total, NpgsqlDbType.Bigint);
            foreach (var count in a.StatusClasses)
            {
                writer.Write(count, NpgsqlDbType.Bigint);
            }

            writer.Write(a.Errors, NpgsqlDbType.Bigint);
            writer.Write(a.LatencySumMs, NpgsqlDbType.Double);
            writer.Write(a.LatencyMinMs, NpgsqlDbType.Double);
            writer.Write(a.LatencyMaxMs, NpgsqlDbType.Double);
            writer.Write(a.Histogram.Encode(), NpgsqlDbType.Bytea);
            writer.Write(a.Clients.Encode(), NpgsqlDbType.Bytea);
            writer.Write(a.LastSeen, NpgsqlDbType.TimestampTz);
            writer.Write(a.RequestBytes, NpgsqlDbType.Bigint);
            writer.Write(a.ResponseBytes, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }
}
