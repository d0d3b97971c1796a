using System.Data.Common;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// Raw events and hourly rollups on either provider. Writing (COPY with partitions on PostgreSQL, batched transactions on
/// SQLite) and maintenance differ; the read side is the same SQL with the provider's notion of time.
/// </summary>
public abstract partial class AnalyticsStore(PlatformDatabase database)
{
    protected const string EventColumns =
        "id, ts, route, method, status, duration_ms, client_ip, user_id, user_agent, pod_name, request_bytes, response_bytes, is_error";

    protected DbDataSource DataSource => database.DataSource;

    /// <summary>
    /// Stores the events not stored before (by id and time) and appends their hourly rollup deltas, atomically; returns how
    /// many were new. <paramref name="delivery"/> says whether the batch may repeat events stored before.
    /// </summary>
    public abstract Task<int> WriteAsync(IReadOnlyList<RequestEvent> batch, EventDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Folds pending rollup deltas into the hourly and daily rollups (at most <paramref name="limit"/> deltas) and returns how
    /// many were folded; 0 when there were none or another replica is compacting.
    /// </summary>
    public abstract Task<int> CompactAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Readies the stored data before the first request (SQLite: moves rows stored before blocks into blocks).</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates partitions ahead (PostgreSQL) and removes raw events and rollups past their retention.</summary>
    public abstract Task MaintainAsync(DateTime now, int rawRetentionDays, int rollupRetentionDays, CancellationToken cancellationToken);

    protected abstract object ToDb(DateTime utc);

    protected abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    /// <summary>
    /// Merges every rollup of <paramref name="table"/> in [from, to), and every pending delta in that range, into the
    /// aggregate <paramref name="target"/> picks for it (null skips the row), straight from the reader. Rollups and deltas are
    /// read in one statement, so a compaction running meanwhile can neither hide a delta nor count it twice. Deltas are
    /// hourly: their key carries the hour even when <paramref name="table"/> is daily.
    /// </summary>
    public async Task FoldRollupsAsync(RollupTable table, DateTime from, DateTime to, string? route,
        Func<RollupKey, RollupAggregate?> target, CancellationToken cancellationToken, bool withClients = true)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection,
            $"SELECT {table.ColumnsFor(withClients)} FROM {table.Name} WHERE {table.TimeColumn} >= @from AND {table.TimeColumn} < @to{RouteFilter(route)} " +
            $"UNION ALL SELECT {RollupTable.Hourly.ColumnsFor(withClients)} FROM {RollupTable.DeltaTable} WHERE hour >= @from AND hour < @to{RouteFilter(route)}",
            ("from", ToDb(from)), ("to", ToDb(to)), ("route", route));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (target(ReadKey(reader, 0)) is { } aggregate)
            {
                MergeRow(reader, 0, aggregate);
            }
        }
    }

    /// <summary>The rollups of <paramref name="table"/> in [from, to) with pending deltas merged in, one row per key.</summary>
    public async Task<List<RollupRow>> ReadRollupsAsync(RollupTable table, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<RollupKey, RollupAggregate>();
        await FoldRollupsAsync(table, from, to, null, key =>
        {
            key = key with { Hour = table.Floor(key.Hour) };
            if (!rows.TryGetValue(key, out var aggregate))
            {
                rows[key] = aggregate = new RollupAggregate();
            }

            return aggregate;
        }, cancellationToken);
        return rows.Select(kv => new RollupRow(kv.Key, kv.Value)).OrderBy(r => r.Key).ToList();
    }

    /// <summary>Raw events in [from, to), oldest first, streamed without buffering them all.</summary>
    public abstract IAsyncEnumerable<RequestEvent> ReadEventsAsync(DateTime from, DateTime to, string? route, CancellationToken cancellationToken);

    /// <summary>The clients with the most requests in [from, to), with their errors and last request.</summary>
    public abstract Task<IReadOnlyList<ClientCount>> TopClientsAsync(DateTime from, DateTime to, string? route, int limit, CancellationToken cancellationToken);

    /// <summary>Per-route totals over every rollup kept and every pending delta, summed in the database (no histograms needed).</summary>
    public async Task<IReadOnlyList<EndpointSummary>> SummaryAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT route, sum(total), max(last_seen), sum(latency_sum), sum(s1 + s2 + s3) FROM (" +
            $"SELECT route, total, last_seen, latency_sum, s1, s2, s3 FROM {RollupTable.Daily.Name} UNION ALL " +
            $"SELECT route, total, last_seen, latency_sum, s1, s2, s3 FROM {RollupTable.DeltaTable}) r GROUP BY route ORDER BY 2 DESC, 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<EndpointSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var total = reader.GetInt64(1);
            var latencySum = reader.GetDouble(3);
            var ok = reader.GetInt64(4);
            rows.Add(new EndpointSummary(reader.GetString(0), total, ReadTime(reader, 2),
                total == 0 ? 0 : Math.Round(latencySum / total / 1000, 6), total == 0 ? 0 : Math.Round(100.0 * ok / total, 2)));
        }

        return rows;
    }

    protected static string RouteFilter(string? route) => route is null ? string.Empty : " AND route = @route";
}
