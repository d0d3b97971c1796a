using System.Runtime.CompilerServices;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Storage;

/// <summary>Raw-event reads: one row per event in the daily partitions, found by the BRIN index on time.</summary>
public sealed partial class PostgresAnalyticsStore
{
    /// <summary>Raw events in [from, to), oldest first, streamed from the reader.</summary>
    public override async IAsyncEnumerable<RequestEvent> ReadEventsAsync(DateTime from, DateTime to, string? route,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection,
            $"SELECT {EventColumns} FROM analytics_events WHERE ts >= @from AND ts < @to{RouteFilter(route)} ORDER BY ts",
            ("from", ToDb(from)), ("to", ToDb(to)), ("route", route));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    public override async Task<IReadOnlyList<ClientCount>> TopClientsAsync(DateTime from, DateTime to, string? route, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT client_ip, count(*), sum(CASE WHEN is_error OR status >= 500 THEN 1 ELSE 0 END), max(ts) FROM analytics_events " +
            $"WHERE ts >= @from AND ts < @to AND client_ip IS NOT NULL{RouteFilter(route)} GROUP BY client_ip ORDER BY 2 DESC, 1 LIMIT @limit",
            ("from", ToDb(from)), ("to", ToDb(to)), ("route", route), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clients = new List<ClientCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clients.Add(new ClientCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), ReadTime(reader, 3)));
        }

        return clients;
    }
}
