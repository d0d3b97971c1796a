using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Tests;

/// <summary>The internal collect endpoints: ingestion key, seed field names, validation and idempotent batches.</summary>
public sealed class CollectTests(TestServers servers)
{
    private const string Key = "test-ingest-key";

    [Fact]
    public async Task Collect_NoKeyConfigured_RefusesEveryCaller()
    {
        await using var platform = await AnalyticsPlatform.StartAsync(servers, DatabaseProvider.Sqlite);
        using var client = platform.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(IngestKeyHeader.Name, "anything");

        using var response = await client.PostAsJsonAsync("/api/analytics/collect", new { endpoint = "/a", timestamp = DateTime.UtcNow });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Collect_MissingOrWrongKey_Answers401(string? key)
    {
        await using var platform = await WithKeyAsync(DatabaseProvider.Sqlite);
        using var client = platform.Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(IngestKeyHeader.Name, key);
        }

        using var response = await client.PostAsJsonAsync("/api/analytics/collect/batch", new[] { AnalyticsPlatform.Event(DateTime.UtcNow) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory, BothProviders]
    public async Task Collect_SeedEvent_IsStoredAndCountsErrors(DatabaseProvider provider)
    {
        await using var platform = await WithKeyAsync(provider);
        using var client = Authorised(platform);
        var now = DateTime.UtcNow;

        foreach (var isError in new[] { false, true, false })
        {
            using var response = await client.PostAsJsonAsync("/api/analytics/collect", new
            {
                endpoint = "/api/data", timestamp = now.ToString("O"), response_time = 0.25, client_ip = "192.0.2.1",
                user_agent = "seed/1.0", pod_name = "api-1", is_error = isError,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var stats = Assert.Single(await RecordingTests.StatsAsync(client, "/api/analytics/stats?period=1h&endpoint=/api/data"));
        Assert.Equal(3, stats.GetProperty("access_count").GetInt64());
        Assert.Equal(1, stats.GetProperty("error_count").GetInt64());
        Assert.Equal(0.25, stats.GetProperty("avg_response_time").GetDouble(), 6);
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00Z"}""", "endpoint")]
    [InlineData("""{"endpoint":"/a"}""", "timestamp")]
    [InlineData("""{"endpoint":42,"timestamp":"2026-01-01T00:00:00Z"}""", "endpoint")]
    [InlineData("""{"endpoint":"/a","timestamp":"2026-01-01T00:00:00Z","response_time":"slow"}""", "response_time")]
    [InlineData("""{"endpoint":"/a","timestamp":"2026-01-01T00:00:00Z","is_error":"yes"}""", "is_error")]
    [InlineData("""{"endpoint":"/a","timestamp":"not a time"}""", "timestamp")]
    public async Task Collect_BadEvent_Answers400NamingTheField(string body, string field)
    {
        await using var platform = await WithKeyAsync(DatabaseProvider.Sqlite);
        using var client = Authorised(platform);

        using var response = await client.PostAsync("/api/analytics/collect", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Collect_OversizeBody_Answers400()
    {
        await using var platform = await WithKeyAsync(DatabaseProvider.Sqlite);
        using var client = Authorised(platform);
        var body = JsonSerializer.Serialize(new { endpoint = "/a", timestamp = "2026-01-01T00:00:00Z", user_agent = new string('x', 20_000) });

        using var response = await client.PostAsync("/api/analytics/collect", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Theory, BothProviders]
    public async Task CollectBatch_Replayed_ReportsDuplicatesAndCountsOnce(DatabaseProvider provider)
    {
        await using var platform = await WithKeyAsync(provider);
        using var client = Authorised(platform);
        var batch = Enumerable.Range(0, 300).Select(i => AnalyticsPlatform.Event(DateTime.UtcNow.AddSeconds(-i))).ToList();

        var first = await (await client.PostAsJsonAsync("/api/analytics/collect/batch", batch)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync("/api/analytics/collect/batch", batch)).Content.ReadFromJsonAsync<JsonElement>();
        var stats = await RecordingTests.StatsAsync(client, "/api/analytics/stats?period=1h");

        Assert.Equal(300, first.GetProperty("stored").GetInt32());
        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(300, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(300, RecordingTests.Count(stats, "/api/items/{id}"));
    }

    private Task<AnalyticsPlatform> WithKeyAsync(DatabaseProvider provider) =>
        AnalyticsPlatform.StartAsync(servers, provider, new Dictionary<string, string?> { ["Analytics:IngestKey"] = Key });

    private static HttpClient Authorised(AnalyticsPlatform platform)
    {
        var client = platform.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(IngestKeyHeader.Name, Key);
        return client;
    }
}
