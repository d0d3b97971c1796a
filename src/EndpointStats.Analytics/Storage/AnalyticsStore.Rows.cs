using System.Data.Common;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Storage;

/// <summary>Mapping between rows and the model, shared by both providers.</summary>
public abstract partial class AnalyticsStore
{
    [ThreadStatic]
    private static byte[]? t_blob;

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    protected RollupKey ReadKey(DbDataReader reader, int start) =>
        new(reader.GetString(start), reader.GetString(start + 1), ReadTime(reader, start + 2));

    /// <summary>Adds one stored rollup row (columns in <see cref="RollupTable.Columns"/> order from <paramref name="start"/>) into <paramref name="into"/>.</summary>
    protected void MergeRow(DbDataReader reader, int start, RollupAggregate into)
    {
        into.Total += reader.GetInt64(start + 3);
        for (var i = 0; i < 6; i++)
        {
            into.StatusClasses[i] += reader.GetInt64(start + 4 + i);
        }

        into.Errors += reader.GetInt64(start + 10);
        into.LatencySumMs += reader.GetDouble(start + 11);
        into.LatencyMinMs = Math.Min(into.LatencyMinMs, reader.GetDouble(start + 12));
        into.LatencyMaxMs = Math.Max(into.LatencyMaxMs, reader.GetDouble(start + 13));
        // Columns in order: a reader that buffers the row need not seek back.
        into.Histogram.MergeEncoded(ReadBlob(reader, start + 14));
        if (!reader.IsDBNull(start + 15))
        {
            into.Clients.MergeEncoded(ReadBlob(reader, start + 15));
        }

        var lastSeen = ReadTime(reader, start + 16);
        into.LastSeen = lastSeen > into.LastSeen ? lastSeen : into.LastSeen;
        into.RequestBytes += reader.GetInt64(start + 17);
        into.ResponseBytes += reader.GetInt64(start + 18);
    }

    /// <summary>
    /// A sketch column copied into a buffer reused by the thread (the caller merges it before reading the next one), rather
    /// than a new array per row: a week's query reads thousands of them.
    /// </summary>
    private static ReadOnlySpan<byte> ReadBlob(DbDataReader reader, int ordinal)
    {
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        var buffer = t_blob is { } reused && reused.Length >= length ? reused : t_blob = new byte[Math.Max(length, 8192)];
        reader.GetBytes(ordinal, 0, buffer, 0, length);
        return buffer.AsSpan(0, length);
    }

    protected RequestEvent ReadEvent(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        Timestamp = ReadTime(reader, 1),
        Route = reader.GetString(2),
        Method = reader.GetString(3),
        Status = Convert.ToInt32(reader.GetValue(4)),
        DurationMs = reader.GetDouble(5),
        ClientIp = reader.IsDBNull(6) ? null : reader.GetString(6),
        UserId = reader.IsDBNull(7) ? null : reader.GetString(7),
        UserAgent = reader.IsDBNull(8) ? null : reader.GetString(8),
        PodName = reader.IsDBNull(9) ? null : reader.GetString(9),
        RequestBytes = reader.GetInt64(10),
        ResponseBytes = reader.GetInt64(11),
        IsError = reader.GetBoolean(12),
    };

    /// <summary>Groups new events into one delta per (route, method, hour).</summary>
    protected static Dictionary<RollupKey, RollupAggregate> AggregateHourly(IReadOnlyList<RequestEvent> events)
    {
        var hourly = new Dictionary<RollupKey, RollupAggregate>();
        RollupKey lastKey = default;
        RollupAggregate? last = null;
        foreach (var e in events)
        {
            var key = new RollupKey(e.Route, e.Method, RollupTable.Hourly.Floor(e.Timestamp));
            // Consecutive events mostly share a key (one route's burst, one hour): skip the hash lookup for them.
            if (last is null || !key.Equals(lastKey))
            {
                last = Into(hourly, key);
                lastKey = key;
            }

            last.Add(e);
        }

        return hourly;
    }

    /// <summary>Merges hourly aggregates into daily ones.</summary>
    protected static Dictionary<RollupKey, RollupAggregate> DailyOf(Dictionary<RollupKey, RollupAggregate> hourly)
    {
        var daily = new Dictionary<RollupKey, RollupAggregate>();
        foreach (var (key, aggregate) in hourly)
        {
            Into(daily, key with { Hour = RollupTable.Daily.Floor(key.Hour) }).Merge(aggregate);
        }

        return daily;
    }

    protected static RollupAggregate Into(Dictionary<RollupKey, RollupAggregate> map, RollupKey key)
    {
        if (!map.TryGetValue(key, out var aggregate))
        {
            map[key] = aggregate = new RollupAggregate();
        }

        return aggregate;
    }
}
