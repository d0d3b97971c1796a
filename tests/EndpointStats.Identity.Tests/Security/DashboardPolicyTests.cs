using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EndpointStats.Hosting.Security;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.Identity.Tests.Security;

/// <summary>The dashboard policy other modules attach: admin only, unless <c>Security:AnonymousDashboards=true</c>.</summary>
public sealed class DashboardPolicyTests(TestServers servers)
{
    [Theory]
    [InlineData("false", HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden)]
    [InlineData("true", HttpStatusCode.OK, HttpStatusCode.OK)]
    public async Task Dashboard_AnonymousAndUser_ByAnonymousDashboardsSetting(string anonymousDashboards, HttpStatusCode anonymous, HttpStatusCode user)
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        await using var platform = await RunningPlatform.StartAsync(
            new Dictionary<string, string?>(storage.Settings) { ["Security:AnonymousDashboards"] = anonymousDashboards },
            app => app.MapGet("/test/dashboard", () => TypedResults.Ok("dashboard")).RequireAuthorization(PlatformPolicies.Dashboard));
        using var client = platform.CreateClient();
        var admin = await RegisterAsync(client, "dash-admin");
        var plain = await RegisterAsync(client, "dash-user");

        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { null, plain, admin })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/test/dashboard");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([anonymous, user, HttpStatusCode.OK], statuses);
    }

    private static async Task<string> RegisterAsync(HttpClient client, string username)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { username, email = $"{username}@example.test", password = IdentityApp.DefaultPassword });
        return (await Json.ReadAsync(response)).Str("access_token");
    }
}
