using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Security;

/// <summary>Every protected route without a token, with a user token and with an admin token; and the anonymous ones.</summary>
public sealed class AuthorizationMatrixTests(TestServers servers)
{
    public enum Access
    {
        User,
        Admin,

        /// <summary>Analytics and cluster views: admin only while <c>Security:AnonymousDashboards</c> is off (the default).</summary>
        Dashboard,
    }

    public static TheoryData<string, string, Access> ProtectedRoutes() => new()
    {
        { "GET", "/api/users/me", Access.User },
        { "PUT", "/api/users/me", Access.User },
        { "PUT", "/api/users/me/password", Access.User },
        { "DELETE", "/api/users/me", Access.User },
        { "GET", "/api/users", Access.Admin },
        { "PUT", "/api/users/{user}/role", Access.Admin },
        { "POST", "/api/images", Access.User },
        { "GET", "/api/images", Access.User },
        { "PUT", "/api/images/avatar", Access.User },
        { "DELETE", "/api/images/{image}", Access.User },
        { "DELETE", "/api/images", Access.User },
        { "GET", "/api/ratelimit/limits", Access.Admin },
        { "GET", "/api/cluster/stats", Access.Dashboard },
        { "GET", "/api/cluster/deployments", Access.Dashboard },
        { "GET", "/api/cluster/pods", Access.Dashboard },
        { "GET", "/api/cluster/pods/history", Access.Dashboard },
        { "GET", "/api/cluster/events", Access.Dashboard },
        { "GET", "/api/analytics/stats", Access.Dashboard },
        { "GET", "/api/analytics/timeseries", Access.Dashboard },
        { "GET", "/api/analytics/endpoints", Access.Dashboard },
        { "GET", "/api/analytics/clients", Access.Dashboard },
        { "GET", "/api/analytics/export", Access.Dashboard },
    };

    [Theory, MemberData(nameof(ProtectedRoutes))]
    public async Task ProtectedRoute_NoneUserAdmin_401ThenByPolicy(string method, string path, Access access)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var admin = await app.RegisterAsync("root-admin");
        var user = await app.RegisterAsync("plain-user");

        var (anonymous, _) = await SendAsync(app, null, method, path, user.Id);
        var (asUser, _) = await SendAsync(app, user.AccessToken, method, path, user.Id);
        var (asAdmin, _) = await SendAsync(app, admin.AccessToken, method, path, user.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        if (access is Access.Admin or Access.Dashboard)
        {
            Assert.Equal(HttpStatusCode.Forbidden, asUser);
        }
        else
        {
            Assert.True(asUser is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden and < HttpStatusCode.InternalServerError, $"user: {asUser}");
        }

        // Past authorization an admin may still meet the module's own answer (the cluster role without Kubernetes is a 503), never a 500.
        Assert.True(asAdmin is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden and not HttpStatusCode.InternalServerError, $"admin: {asAdmin}");
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/healthz/live")]
    [InlineData("GET", "/healthz/ready")]
    [InlineData("GET", "/metrics")]
    [InlineData("POST", "/api/auth/login")]
    [InlineData("POST", "/api/auth/register")]
    [InlineData("POST", "/api/auth/refresh")]
    [InlineData("POST", "/api/auth/logout")]
    [InlineData("GET", "/api/images/{image}")]
    public async Task AnonymousRoute_NoToken_NoChallengeNoForbidden(string method, string path)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        // The refresh endpoint answers an invalid refresh token with its own 401 problem, but never a bearer challenge.
        var (status, challenged) = await SendAsync(app, null, method, path, "nobody");

        Assert.False(challenged);
        Assert.True(status is not HttpStatusCode.Forbidden and < HttpStatusCode.InternalServerError, $"{status}");
    }

    [Fact]
    public async Task ProblemOn401_NamesBearerChallenge()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var response = await app.Client.GetAsync("/api/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<(HttpStatusCode Status, bool Challenged)> SendAsync(IdentityApp app, string? token, string method, string path, string userId)
    {
        using var client = app.ClientWith(token);
        var url = path.Replace("{user}", userId, StringComparison.Ordinal).Replace("{image}", new string('c', 32), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Content = url switch
        {
            "/api/images" when method == "POST" => TestImages.Form(TestImages.Png(1, 1), "a.png"),
            _ when url.EndsWith("/password", StringComparison.Ordinal) => JsonContent.Create(new { current_password = "x", new_password = "y" }),
            _ when url.EndsWith("/role", StringComparison.Ordinal) => JsonContent.Create(new { role = "user" }),
            _ when method is "PUT" or "POST" => JsonContent.Create(new { display_name = "x", image_id = (string?)null, refresh_token = "x" }),
            _ => null,
        };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"));
    }
}
