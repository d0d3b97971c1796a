using EndpointStats.Analytics.Model;
using EndpointStats.Analytics.Queries;
using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using Npgsql;

namespace EndpointStats.Analytics.Tests;

/// <summary>Ingestion, rollups, queries and retention on both providers.</summary>
public sealed class StoreTests(TestServers servers)
{
    private static readonly DateTime Now = DateTime.UtcNow;

    [Theory, BothProviders]
    public async Task WriteAsync_ReplayedBatch_IsNotCountedTwice(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var batch = Enumerable.Range(0, 500).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-90).AddSeconds(i))).ToList();

        var first = await platform.Ingestor.StoreAsync(batch, TestContext.Current.CancellationToken);
        var replay = await platform.Ingestor.StoreAsync([.. batch.Take(200), .. batch.Take(200)], TestContext.Current.CancellationToken);
        var stats = await platform.Queries.StatsAsync(new TimeRange(Now.AddHours(-3), Now), null, TestContext.Current.CancellationToken);
        var raw = await CountRawAsync(platform, Now.AddHours(-3), Now);

        Assert.Equal(500, first);
        Assert.Equal(0, replay);
        Assert.Equal(500, Assert.Single(stats).AccessCount);
        Assert.Equal(500, raw);
    }

    [Theory, BothProviders]
    public async Task WriteAsync_BatchMixingStoredAndNewIds_StoresOnlyTheNewOnes(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var first = Enumerable.Range(0, 300).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-100).AddSeconds(i))).ToList();
        var fresh = Enumerable.Range(0, 200).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-50).AddSeconds(i))).ToList();
        await platform.Ingestor.StoreAsync(first, TestContext.Current.CancellationToken);

        var stored = await platform.Ingestor.StoreAsync([.. first.Take(100), .. fresh, fresh[7]], TestContext.Current.CancellationToken);
        var stats = await platform.Queries.StatsAsync(new TimeRange(Now.AddHours(-3), Now), null, TestContext.Current.CancellationToken);

        Assert.Equal(200, stored);
        Assert.Equal(500, Assert.Single(stats).AccessCount);
        Assert.Equal(500, await CountRawAsync(platform, Now.AddHours(-3), Now));
    }

    [Theory, BothProviders]
    public async Task WriteAsync_EmptyAndMissingText_ReadBackAsWritten(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var events = Enumerable.Range(0, 40).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-30).AddSeconds(i)) with
        {
            UserAgent = i % 2 == 0 ? string.Empty : "agent/" + (i % 3),
            UserId = i % 4 == 0 ? null : "user-" + i,
        }).ToList();
        await platform.Ingestor.StoreAsync(events, TestContext.Current.CancellationToken);

        var read = new List<RequestEvent>();
        await foreach (var e in platform.Store.ReadEventsAsync(Now.AddHours(-1), Now, null, TestContext.Current.CancellationToken))
        {
            read.Add(e);
        }

        Assert.Equal(events.Select(e => (e.Id, e.UserAgent, e.UserId)).OrderBy(e => e.Id), read.Select(e => (e.Id, e.UserAgent, e.UserId)).OrderBy(e => e.Id));
    }

    [Theory, BothProviders]
    public async Task CompactAsync_InChunks_QueriesAnswerAsBeforeAndRollupsHoldEverything(DatabaseProvider provider)
    {
        // Only explicit compaction here: the background compactor waits ten minutes.
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider, new Dictionary<string, string?> { ["Analytics:RollupCompactionMilliseconds"] = "600000" });
        var events = Enumerable.Range(0, 600)
            .Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-i * 7 - 1), route: $"/r{i % 3}", status: i % 10 == 0 ? 500 : 200, durationMs: 1 + (i % 50), client: $"c{i % 40}"))
            .ToList();
        foreach (var chunk in events.Chunk(100))
        {
            await platform.Ingestor.StoreAsync(chunk, TestContext.Current.CancellationToken);
        }

        var week = new TimeRange(Now.AddDays(-7), Now);
        var before = Summary(await platform.Queries.StatsAsync(week, null, TestContext.Current.CancellationToken));
        var seriesBefore = await platform.Queries.TimeseriesAsync(week, TimeSpan.FromDays(1), null, TestContext.Current.CancellationToken);
        var chunks = new List<int>();
        int folded;
        while ((folded = await platform.Store.CompactAsync(25, TestContext.Current.CancellationToken)) > 0)
        {
            chunks.Add(folded);
        }

        var after = Summary(await platform.Queries.StatsAsync(week, null, TestContext.Current.CancellationToken));
        var seriesAfter = await platform.Queries.TimeseriesAsync(week, TimeSpan.FromDays(1), null, TestContext.Current.CancellationToken);
        var counts = await StoredCounts.ReadAsync(platform.Storage, "/r0");
        var daily = await platform.Store.ReadRollupsAsync(RollupTable.Daily, Now.AddDays(-8), Now.AddDays(1), TestContext.Current.CancellationToken);

        Assert.True(chunks.Count > 1 && chunks.Take(chunks.Count - 1).All(c => c == 25), $"chunks: {string.Join(",", chunks)}");
        Assert.Equal(before, after);
        Assert.Equal(600, after.Sum(r => r.Count));
        Assert.Equal(seriesBefore.Select(p => (p.AccessCount, p.ErrorCount, p.P95ResponseTime)), seriesAfter.Select(p => (p.AccessCount, p.ErrorCount, p.P95ResponseTime)));
        Assert.Equal(new StoredCounts(200, 200, 200), counts);
        Assert.Equal(600, daily.Sum(r => r.Aggregate.Total));
    }

    [Theory, BothProviders]
    public async Task StatsAsync_KnownDistribution_PercentilesWithinTwoPercent(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var durations = SketchTests.LogNormal(20_000, seed: 11);
        var start = Now.AddSeconds(-(20_000 * 4) - 10);
        var events = durations.Select((d, i) => AnalyticsPlatform.Event(start.AddSeconds(i * 4), durationMs: d, client: $"10.0.{i % 50}.1")).ToList();
        foreach (var chunk in events.Chunk(5_000))
        {
            await platform.Ingestor.StoreAsync(chunk, TestContext.Current.CancellationToken);
        }

        var fromRollups = Assert.Single(await platform.Queries.StatsAsync(new TimeRange(Now.AddDays(-2), Now), null, TestContext.Current.CancellationToken));
        var lastHour = events.Where(e => e.Timestamp >= Now.AddHours(-1)).Select(e => e.DurationMs).ToArray();
        var fromRaw = await platform.Queries.StatsAsync(new TimeRange(Now.AddHours(-1), Now), null, TestContext.Current.CancellationToken);

        Assert.Equal(20_000, fromRollups.AccessCount);
        Assert.Equal(50, fromRollups.UniqueClients);
        AssertWithin(SketchTests.Exact(durations, 0.50), fromRollups.P50ResponseTime);
        AssertWithin(SketchTests.Exact(durations, 0.95), fromRollups.P95ResponseTime);
        AssertWithin(SketchTests.Exact(durations, 0.99), fromRollups.P99ResponseTime);
        Assert.Equal(lastHour.Length, Assert.Single(fromRaw).AccessCount);
        AssertWithin(SketchTests.Exact(lastHour, 0.95), fromRaw[0].P95ResponseTime);
    }

    [Theory, BothProviders]
    public async Task StatsAsync_RangeOfDays_CombinesDailyAndEdgeHoursExactly(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var events = new[] { -100, -75, -50, -30, -26, -5, -1 }.Select((h, i) => AnalyticsPlatform.Event(Now.AddHours(h), client: $"c{i % 4}")).ToList();
        await platform.Ingestor.StoreAsync(events, TestContext.Current.CancellationToken);

        var week = Assert.Single(await platform.Queries.StatsAsync(new TimeRange(Now.AddDays(-7), Now), null, TestContext.Current.CancellationToken));
        var partial = Assert.Single(await platform.Queries.StatsAsync(new TimeRange(Now.AddHours(-80), Now.AddHours(-2)), null, TestContext.Current.CancellationToken));

        Assert.Equal(7, week.AccessCount);
        Assert.Equal(4, week.UniqueClients);
        Assert.Equal(5, partial.AccessCount);
    }

    [Theory, BothProviders]
    public async Task TimeseriesAsync_GapsInTraffic_HasEmptyBuckets(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var hour = RollupKey.HourOf(Now);
        await platform.Ingestor.StoreAsync(
        [
            AnalyticsPlatform.Event(hour.AddHours(-5).AddMinutes(10)),
            AnalyticsPlatform.Event(hour.AddHours(-5).AddMinutes(20), status: 503),
            AnalyticsPlatform.Event(hour.AddHours(-2).AddMinutes(1)),
        ], TestContext.Current.CancellationToken);

        var hourly = await platform.Queries.TimeseriesAsync(new TimeRange(hour.AddHours(-6), hour), TimeSpan.FromHours(1), "/api/items/{id}",
            TestContext.Current.CancellationToken);
        var fiveMinutes = await platform.Queries.TimeseriesAsync(new TimeRange(hour.AddHours(-5), hour.AddHours(-4)), TimeSpan.FromMinutes(5), null,
            TestContext.Current.CancellationToken);

        Assert.Equal([0L, 2, 0, 0, 1, 0], hourly.Select(p => p.AccessCount));
        Assert.Equal([0L, 1, 0, 0, 0, 0], hourly.Select(p => p.ErrorCount));
        Assert.Equal(hour.AddHours(-6), hourly[0].Timestamp);
        Assert.Equal(12, fiveMinutes.Count);
        Assert.Equal([0L, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0], fiveMinutes.Select(p => p.AccessCount));
    }

    [Theory, BothProviders]
    public async Task MaintainAsync_PastRetention_RemovesRawEventsAndRollups(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        await platform.Store.WriteAsync(
        [
            AnalyticsPlatform.Event(Now.AddDays(-5)),
            AnalyticsPlatform.Event(Now.AddDays(-2)),
            AnalyticsPlatform.Event(Now),
        ], EventDelivery.MayRepeat, TestContext.Current.CancellationToken);

        await platform.Store.MaintainAsync(Now, rawRetentionDays: 3, rollupRetentionDays: 4, TestContext.Current.CancellationToken);
        var raw = await CountRawAsync(platform, Now.AddDays(-10), Now.AddMinutes(1));
        var hourly = await platform.Store.ReadRollupsAsync(RollupTable.Hourly, Now.AddDays(-10), Now.AddHours(1), TestContext.Current.CancellationToken);
        var daily = await platform.Store.ReadRollupsAsync(RollupTable.Daily, Now.AddDays(-10), Now.AddDays(1), TestContext.Current.CancellationToken);

        Assert.Equal(2, raw);
        Assert.Equal(2, hourly.Sum(r => r.Aggregate.Total));
        Assert.Equal(2, daily.Sum(r => r.Aggregate.Total));
        if (provider == DatabaseProvider.Postgres)
        {
            Assert.DoesNotContain($"analytics_events_{Now.AddDays(-5):yyyyMMdd}", await PartitionsAsync(platform));
            Assert.Contains($"analytics_events_{Now.AddDays(2):yyyyMMdd}", await PartitionsAsync(platform));
        }
    }

    [Theory, BothProviders]
    public async Task ClientsAsync_MixedTraffic_RanksClientsByRequests(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        List<RequestEvent> events =
        [
            .. Enumerable.Range(0, 3).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-i - 1), client: "10.0.0.9")),
            .. Enumerable.Range(0, 5).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-i - 1), status: i == 0 ? 500 : 200, client: "10.0.0.7")),
        ];
        await platform.Ingestor.StoreAsync(events, TestContext.Current.CancellationToken);

        var clients = await platform.Queries.ClientsAsync(new TimeRange(Now.AddHours(-1), Now.AddMinutes(1)), null, 10, TestContext.Current.CancellationToken);

        Assert.Equal(["10.0.0.7", "10.0.0.9"], clients.Select(c => c.ClientIp));
        Assert.Equal([5L, 3], clients.Select(c => c.AccessCount));
        Assert.Equal(1, clients[0].ErrorCount);
    }

    private static List<(string Route, long Count, long Errors, double P95, long Clients)> Summary(List<EndpointStatsRow> rows) =>
        rows.Select(r => (r.Endpoint, r.AccessCount, r.ErrorCount, r.P95ResponseTime, r.UniqueClients)).OrderBy(r => r.Endpoint, StringComparer.Ordinal).ToList();

    private static void AssertWithin(double exactMs, double seconds) => Assert.InRange(seconds * 1000, exactMs * 0.98, exactMs * 1.02);

    private static async Task<long> CountRawAsync(AnalyticsPlatform platform, DateTime from, DateTime to)
    {
        var count = 0L;
        await foreach (var _ in platform.Store.ReadEventsAsync(from, to, null, TestContext.Current.CancellationToken))
        {
            count++;
        }

        return count;
    }

    private static async Task<List<string>> PartitionsAsync(AnalyticsPlatform platform)
    {
        await using var connection = new NpgsqlConnection(platform.Storage.PostgresConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT relname::text FROM pg_class WHERE relname LIKE 'analytics_events_%' AND relkind = 'r'", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
