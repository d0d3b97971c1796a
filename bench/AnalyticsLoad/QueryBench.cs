using System.Diagnostics;
using Npgsql;

namespace AnalyticsLoad;

/// <summary>Times the query API against the seed-style raw SQL (<c>percentile_cont</c> over raw rows) on the same database.</summary>
internal static class QueryBench
{
    private const string Error = "sum(CASE WHEN status >= 500 OR is_error THEN 1 ELSE 0 END)";

    public static async Task<int> RunAsync(Uri url, string connectionString, int apiRuns, int sqlRuns)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        (string Name, string Api, string Sql)[] cases =
        [
            ("stats 24h", "/api/analytics/stats?period=24h", SeedStats("24 hours")),
            ("stats 7d", "/api/analytics/stats?period=7d", SeedStats("7 days")),
            ("timeseries 24h/1h", "/api/analytics/timeseries?period=24h&interval=1h", SeedSeries("24 hours", "hour")),
            ("timeseries 7d/1d", "/api/analytics/timeseries?period=7d&interval=1d", SeedSeries("7 days", "day")),
        ];
        Console.WriteLine($"{"query",-20} {"API p50 ms",11} {"API p95 ms",11} {"seed SQL p50 ms",16} {"seed SQL max ms",16} {"speed-up",9}");
        foreach (var (name, api, sql) in cases)
        {
            var apiTimes = await TimeAsync(apiRuns, warmUp: true, async () => (await client.GetAsync(api)).EnsureSuccessStatusCode());
            var sqlTimes = await TimeAsync(sqlRuns, warmUp: false, async () =>
            {
                await using var command = dataSource.CreateCommand(sql);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            Console.WriteLine($"{name,-20} {P(apiTimes, 0.5),11:F1} {P(apiTimes, 0.95),11:F1} {P(sqlTimes, 0.5),16:F0} {sqlTimes.Max(),16:F0} {P(sqlTimes, 0.5) / P(apiTimes, 0.5),8:F0}x");
        }

        return 0;
    }

    private static string SeedStats(string period) =>
        "SELECT route, count(*), avg(duration_ms) / 1000, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) / 1000, max(ts), " +
        $"count(DISTINCT client_ip), {Error} FROM analytics_events WHERE ts >= now() - interval '{period}' GROUP BY route ORDER BY 2 DESC";

    private static string SeedSeries(string period, string unit) =>
        $"SELECT date_trunc('{unit}', ts), count(*), avg(duration_ms) / 1000, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) / 1000, {Error} " +
        $"FROM analytics_events WHERE ts >= now() - interval '{period}' GROUP BY 1 ORDER BY 1";

    private static async Task<List<double>> TimeAsync(int runs, bool warmUp, Func<Task> action)
    {
        if (warmUp)
        {
            await action();
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static double P(List<double> times, double q)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }
}
