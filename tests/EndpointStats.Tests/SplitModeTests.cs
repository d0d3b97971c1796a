using System.Net;
using System.Text.Json;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Tests;

/// <summary><c>serve --role gateway</c> forwarding a role's prefix to a second process running that role.</summary>
public sealed class SplitModeTests(TestServers servers)
{
    [Fact]
    public async Task Gateway_AnalyticsRoleElsewhere_ProxiesItsPrefix()
    {
        await using var analytics = await StartAnalyticsAsync();
        await using var gateway = CreateGateway(analytics.Address);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/api/analytics/_info");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("analytics", body.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Gateway_AnalyticsRoleStopped_Answers503ProblemNamingTheRole()
    {
        var analytics = await StartAnalyticsAsync();
        await using var gateway = CreateGateway(analytics.Address);
        using var client = gateway.CreateClient();
        await Eventually.StatusAsync(client, "/api/analytics/_info", HttpStatusCode.OK);

        await analytics.DisposeAsync();
        using var response = await client.GetAsync("/api/analytics/_info");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("analytics", body.GetProperty("role").GetString());
        Assert.Contains("analytics", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Gateway_RoleWithoutUrl_IsNotRouted()
    {
        await using var gateway = CreateGateway(analyticsUrl: null);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/api/analytics/_info");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Gateway_Alone_UsesNoDatabase()
    {
        var directory = Directory.CreateTempSubdirectory("es-gw-").FullName;
        await using var gateway = new PlatformFactory(new Dictionary<string, string?>
        {
            ["Platform:Roles"] = "gateway",
            ["Storage:DataDirectory"] = directory,
        });
        using var client = gateway.CreateClient();

        var health = await client.GetStringAsync("/health");

        Assert.DoesNotContain("database", health);
        Assert.False(File.Exists(Path.Combine(directory, StorageExtensions.SqliteFileName)));
    }

    private async Task<RunningPlatform> StartAnalyticsAsync()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        return await RunningPlatform.StartAsync(new Dictionary<string, string?>(storage.Settings) { ["Platform:Roles"] = "analytics" });
    }

    private static PlatformFactory CreateGateway(Uri? analyticsUrl) => new(new Dictionary<string, string?>
    {
        ["Platform:Roles"] = "gateway",
        ["Services:Analytics:Url"] = analyticsUrl?.ToString(),
        ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("es-gw-").FullName,
    });
}
