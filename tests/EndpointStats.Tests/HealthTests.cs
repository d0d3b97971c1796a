using System.Net;
using System.Text.Json;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Tests;

public sealed class HealthTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Health_DependenciesUp_ReportsSeedShape(DatabaseProvider provider)
    {
        var storage = await servers.CreateStorageAsync(provider);
        await using var factory = new PlatformFactory(new Dictionary<string, string?>(storage.Settings)
        {
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
        });
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/health", "/ready", "/healthz/ready" })
        {
            using var response = await client.GetAsync(path);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("healthy", body.GetProperty("status").GetString());
            Assert.Equal("up", body.GetProperty("database").GetString());
            Assert.Equal("up", body.GetProperty("redis").GetString());
            Assert.Equal(Environment.MachineName, body.GetProperty("hostname").GetString());
            Assert.True(DateTimeOffset.TryParse(body.GetProperty("timestamp").GetString(), out _));
        }
    }

    [Fact]
    public async Task Readiness_RedisStoppedThenStarted_GoesDownAndRecoversWithoutRestart()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        await using var factory = new PlatformFactory(new Dictionary<string, string?>(storage.Settings)
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        });
        using var client = factory.CreateClient();
        await Eventually.StatusAsync(client, "/healthz/ready", HttpStatusCode.OK);

        await redis.StopAsync();
        var down = await Eventually.StatusAsync(client, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
        var health = await client.GetStringAsync("/healthz/live");
        using var healthResponse = await client.GetAsync("/health");

        Assert.Contains("\"redis\":\"down\"", down);
        Assert.Contains("\"database\":\"up\"", down);
        Assert.Contains("healthy", health);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthResponse.StatusCode);

        await redis.StartAsync();
        var up = await Eventually.StatusAsync(client, "/health", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Contains("\"redis\":\"up\"", up);
    }

    [Fact]
    public async Task Readiness_PostgresStoppedThenStarted_GoesDownAndRecoversWithoutRestart()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        await using var factory = new PlatformFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(),
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("es-health-").FullName,
        });
        using var client = factory.CreateClient();
        await Eventually.StatusAsync(client, "/healthz/ready", HttpStatusCode.OK);

        await postgres.StopAsync();
        var down = await Eventually.StatusAsync(client, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
        using var live = await client.GetAsync("/healthz/live");

        Assert.Contains("\"database\":\"down\"", down);
        Assert.Contains("\"redis\":\"up\"", down);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await postgres.StartAsync();
        var up = await Eventually.StatusAsync(client, "/health", HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Contains("\"database\":\"up\"", up);
    }
}
