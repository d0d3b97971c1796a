using EndpointStats.Analytics.Storage;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EndpointStats.Analytics.Tests;

/// <summary>Raw events as each provider keeps them (SQLite: in blocks): ordering, route filters, retention, upgrade.</summary>
public sealed class RawEventStorageTests(TestServers servers)
{
    // Whole microseconds, as both providers store times.
    private static readonly DateTime Now = new(DateTime.UtcNow.Ticks / 10 * 10, DateTimeKind.Utc);

    [Theory, BothProviders]
    public async Task ReadEventsAsync_BatchesOverlappingInTime_ComeBackMergedOldestFirst(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var ct = TestContext.Current.CancellationToken;
        // Three batches whose times interleave, one of them sent out of order, over more than a block's hour.
        var batches = Enumerable.Range(0, 3).Select(b => Enumerable.Range(0, 300)
            .Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-150).AddSeconds(i * 29 + b * 7), route: i % 3 == 0 ? "/a" : "/b"))
            .ToList()).ToList();
        batches[1].Reverse();
        foreach (var batch in batches)
        {
            await platform.Ingestor.StoreAsync(batch, ct);
        }

        var all = await ReadAsync(platform, Now.AddHours(-3), Now, null);
        var onlyA = await ReadAsync(platform, Now.AddMinutes(-120), Now.AddMinutes(-60), "/a");

        var expected = batches.SelectMany(b => b).OrderBy(e => e.Timestamp).ToList();
        Assert.Equal(expected.Select(e => e.Timestamp), all.Select(e => e.Timestamp));
        Assert.Equal(expected.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
        var expectedA = expected.Where(e => e.Route == "/a" && e.Timestamp >= Now.AddMinutes(-120) && e.Timestamp < Now.AddMinutes(-60)).ToList();
        Assert.NotEmpty(expectedA);
        Assert.Equal(expectedA.Select(e => e.Id), onlyA.Select(e => e.Id));
    }

    [Theory, BothProviders]
    public async Task MaintainAsync_BatchAcrossTheCutoff_KeepsExactlyTheEventsAfterIt(DatabaseProvider provider)
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, provider);
        var ct = TestContext.Current.CancellationToken;
        var cutoff = Now.Date.AddDays(-2);
        // One batch within half an hour: on SQLite one block, holding events on both sides of the cutoff.
        var batch = Enumerable.Range(0, 60).Select(i => AnalyticsPlatform.Event(cutoff.AddSeconds(i * 30 - 900), route: "/cut")).ToList();
        await platform.Store.WriteAsync(batch, EventDelivery.MayRepeat, ct);

        await platform.Store.MaintainAsync(Now, rawRetentionDays: 2, rollupRetentionDays: 30, ct);

        var kept = await ReadAsync(platform, cutoff.AddDays(-1), Now, null);
        Assert.Equal(batch.Where(e => e.Timestamp >= cutoff).Select(e => e.Id), kept.Select(e => e.Id));
        var counts = await StoredCounts.ReadAsync(platform.Storage, "/cut");
        Assert.Equal(30, counts.Rows);
        // A replay of the kept events is still recognised; the removed ones' ids went with them.
        Assert.Equal(0, await platform.Ingestor.StoreAsync(batch.Where(e => e.Timestamp >= cutoff).ToList(), ct));
    }

    [Fact]
    public async Task WriteAsync_BatchOverThreeHours_IsCutIntoBlocksOfAtMostAnHour()
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, DatabaseProvider.Sqlite);
        var batch = Enumerable.Range(0, 1000).Select(i => AnalyticsPlatform.Event(Now.AddHours(-4).AddSeconds(i * 11), route: "/span")).ToList();

        await platform.Ingestor.StoreAsync(batch, TestContext.Current.CancellationToken);

        await using var connection = new SqliteConnection($"Data Source={platform.Storage.SqliteFile};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT count(*), sum(events), max(last_ts - first_ts) FROM analytics_event_blocks WHERE first_ts >= @from", ("from", SqliteAnalyticsStore.Micros(Now.AddHours(-5))));
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(4, reader.GetInt64(0));
        Assert.Equal(1000, reader.GetInt64(1));
        Assert.InRange(reader.GetInt64(2), 0, SqliteEventWriter.MaxBlockSpanMicros - 1);
    }

    [Fact]
    public async Task Start_DatabaseFromBeforeBlocks_MovesItsRowsIntoBlocksAndKeepsTheirIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        var database = new PlatformDatabase(DatabaseProvider.Sqlite, new SqliteDataSource(storage.SqliteFile), "sqlite:test");
        var beforeBlocks = new MigrationSet("analytics", AnalyticsExtensions.Migrations.Migrations.Take(2).ToList());
        await new SchemaMigrator(database, [beforeBlocks], NullLogger<SchemaMigrator>.Instance).MigrateAsync(ct);
        var old = Enumerable.Range(0, 250).Select(i => AnalyticsPlatform.Event(Now.AddMinutes(-200).AddSeconds(i * 40), route: "/old") with
        {
            UserId = i % 2 == 0 ? null : "user-" + i,
            UserAgent = i % 5 == 0 ? string.Empty : "agent",
        }).ToList();
        await using (var connection = (SqliteConnection)await database.DataSource.OpenConnectionAsync(ct))
        {
            foreach (var e in old)
            {
                await using var insert = connection.CreateCommand(
                    "INSERT INTO analytics_events (id, ts, route, method, status, duration_ms, client_ip, user_id, user_agent, pod_name, request_bytes, response_bytes, is_error) " +
                    "VALUES (@id, @ts, @route, 'GET', 200, 10, @client, @user, @agent, 'test', 0, 0, 0)",
                    ("id", e.Id.ToByteArray()), ("ts", SqliteAnalyticsStore.Micros(e.Timestamp)), ("route", e.Route), ("client", e.ClientIp),
                    ("user", (object?)e.UserId ?? DBNull.Value), ("agent", e.UserAgent));
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await using var platform = AnalyticsPlatform.Start(storage);

        var read = await ReadAsync(platform, Now.AddHours(-4), Now, "/old");
        Assert.Equal(old, read);
        Assert.Equal(0, await platform.Ingestor.StoreAsync(old.Take(100).ToList(), ct));
        await using var check = new SqliteConnection($"Data Source={storage.SqliteFile};Pooling=false");
        await check.OpenAsync(ct);
        await using var tables = check.CreateCommand("SELECT count(*) FROM sqlite_master WHERE name LIKE 'analytics_events%'");
        Assert.Equal(0L, await tables.ExecuteScalarAsync(ct));
    }

    private static async Task<List<RequestEvent>> ReadAsync(AnalyticsPlatform platform, DateTime from, DateTime to, string? route)
    {
        var events = new List<RequestEvent>();
        await foreach (var e in platform.Store.ReadEventsAsync(from, to, route, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
