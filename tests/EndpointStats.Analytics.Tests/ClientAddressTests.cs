using System.Text.Json;

namespace EndpointStats.Analytics.Tests;

/// <summary>Recorded client addresses are the ones the rate limiter resolved through the trusted proxies, not the proxy's.</summary>
public sealed class ClientAddressTests(TestServers servers)
{
    [Fact]
    public async Task Gateway_BehindTrustedProxy_RecordsForwardedClient()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        await using var platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>(storage.Settings)
        {
            ["RateLimiting:TrustedProxies:0"] = "127.0.0.1",
            ["Security:AnonymousDashboards"] = "true",
            ["Analytics:BatchLingerMilliseconds"] = "100",
        });
        using var client = platform.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", "198.51.100.9, 203.0.113.7");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        var clients = await Poll.UntilAsync(() => ClientsAsync(client), c => c.Count > 0 && c.Values.Sum() >= 3);

        Assert.Equal(3, clients.GetValueOrDefault("203.0.113.7"));
        Assert.DoesNotContain("127.0.0.1", clients.Keys);
        Assert.DoesNotContain("198.51.100.9", clients.Keys);
    }

    private static async Task<Dictionary<string, long>> ClientsAsync(HttpClient client)
    {
        var body = JsonDocument.Parse(await client.GetStringAsync("/api/analytics/clients?endpoint=/&period=1h")).RootElement;
        return body.GetProperty("clients").EnumerateArray()
            .ToDictionary(c => c.GetProperty("client_ip").GetString()!, c => c.GetProperty("access_count").GetInt64());
    }
}
