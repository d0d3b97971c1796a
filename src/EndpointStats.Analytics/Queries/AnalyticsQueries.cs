using EndpointStats.Analytics.Model;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Queries;

/// <summary>
/// Answers the query API. Ranges longer than an hour read rollups (whole hours from the hour containing <c>from</c>):
/// whole days from the daily rows, the hours at either edge from the hourly rows, merged straight from the reader.
/// Pending rollup deltas are read with the rollups. An hour or less reads raw events and builds the same aggregates, so both paths answer alike.
/// </summary>
public sealed class AnalyticsQueries(AnalyticsStore store) : IEndpointSummarySource
{
    public const string AllEndpoints = "*";

    private delegate RollupAggregate? Target(string route, string method, DateTime time);

    public static bool UsesRollups(TimeRange range) => range.Length > TimeSpan.FromHours(1);

    public async Task<List<EndpointStatsRow>> StatsAsync(TimeRange range, string? endpoint, CancellationToken cancellationToken)
    {
        var byRoute = new Dictionary<(string Route, string Method), RollupAggregate>();
        RollupAggregate Into(string route, string method, DateTime _)
        {
            if (!byRoute.TryGetValue((route, method), out var aggregate))
            {
                byRoute[(route, method)] = aggregate = new RollupAggregate();
            }

            return aggregate;
        }

        if (UsesRollups(range))
        {
            await FoldRollupsAsync(new TimeRange(RollupTable.Hourly.Floor(range.From), range.To), endpoint, Into, useDays: true, withClients: true, cancellationToken);
        }
        else
        {
            await FoldRawAsync(range, endpoint, Into, cancellationToken);
        }

        return byRoute.Select(kv => EndpointStatsRow.From(kv.Key.Route, kv.Key.Method, kv.Value))
            .OrderByDescending(r => r.AccessCount).ThenBy(r => r.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<List<TimeseriesPoint>> TimeseriesAsync(TimeRange range, TimeSpan interval, string? endpoint, CancellationToken cancellationToken)
    {
        var first = Interval.Floor(range.From, interval);
        var buckets = new SortedDictionary<DateTime, RollupAggregate>();
        for (var t = first; t < range.To; t += interval)
        {
            buckets[t] = new RollupAggregate();
        }

        RollupAggregate? Into(string route, string method, DateTime time) => buckets.GetValueOrDefault(Interval.Floor(time, interval));
        var aligned = new TimeRange(first, range.To);
        if (interval >= RollupTable.Hourly.Width)
        {
            // A time series shows no unique-client counts: the sketches are not even read.
            await FoldRollupsAsync(aligned, endpoint, Into, useDays: interval >= RollupTable.Daily.Width, withClients: false, cancellationToken);
        }
        else
        {
            await FoldRawAsync(aligned, endpoint, Into, cancellationToken);
        }

        var name = endpoint ?? AllEndpoints;
        return buckets.Select(b => new TimeseriesPoint(b.Key, name, b.Value.Total, EndpointStatsRow.Seconds(b.Value.AverageMs),
            EndpointStatsRow.Seconds(b.Value.PercentileMs(0.95)), b.Value.Errors)).ToList();
    }

    public Task<IReadOnlyList<ClientCount>> ClientsAsync(TimeRange range, string? endpoint, int limit, CancellationToken cancellationToken) =>
        store.TopClientsAsync(range.From, range.To, endpoint, limit, cancellationToken);

    public Task<IReadOnlyList<EndpointSummary>> GetAsync(CancellationToken cancellationToken) => store.SummaryAsync(cancellationToken);

    private async Task FoldRollupsAsync(TimeRange range, string? endpoint, Target into, bool useDays, bool withClients, CancellationToken cancellationToken)
    {
        RollupAggregate? ByKey(RollupKey key) => into(key.Route, key.Method, key.Hour);
        var daily = RollupTable.Daily;
        var firstDay = daily.Floor(range.From) == range.From ? range.From : daily.Floor(range.From) + daily.Width;
        var lastDay = daily.Floor(range.To);
        if (!useDays || firstDay >= lastDay)
        {
            await store.FoldRollupsAsync(RollupTable.Hourly, range.From, range.To, endpoint, ByKey, cancellationToken, withClients);
            return;
        }

        if (range.From < firstDay)
        {
            await store.FoldRollupsAsync(RollupTable.Hourly, range.From, firstDay, endpoint, ByKey, cancellationToken, withClients);
        }

        await store.FoldRollupsAsync(daily, firstDay, lastDay, endpoint, ByKey, cancellationToken, withClients);
        if (lastDay < range.To)
        {
            await store.FoldRollupsAsync(RollupTable.Hourly, lastDay, range.To, endpoint, ByKey, cancellationToken, withClients);
        }
    }

    private async Task FoldRawAsync(TimeRange range, string? endpoint, Target into, CancellationToken cancellationToken)
    {
        await foreach (var e in store.ReadEventsAsync(range.From, range.To, endpoint, cancellationToken))
        {
            into(e.Route, e.Method, e.Timestamp)?.Add(e);
        }
    }
}
