using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Identity.Tests.Identity;

/// <summary>Refresh-token rotation, reuse detection, logout and password change.</summary>
public sealed class SessionTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Refresh_ValidToken_RotatesAndIssuesNewPair(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("olivia");

        using var response = await app.RefreshAsync(account.RefreshToken);
        var body = await Json.ReadAsync(response);
        using var client = app.ClientWith(body.Str("access_token"));
        using var me = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(account.RefreshToken, body.Str("refresh_token"));
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Refresh_RotatedTokenReused_RevokesTheWholeFamily(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("peggy");
        using var rotated = await app.RefreshAsync(account.RefreshToken);
        var successor = (await Json.ReadAsync(rotated)).Str("refresh_token");

        using var reuse = await app.RefreshAsync(account.RefreshToken);
        using var successorAfterReuse = await app.RefreshAsync(successor);

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, successorAfterReuse.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Refresh_OtherSessionOfSameUser_SurvivesReuseInAnotherFamily(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("quinn");
        using var login = await app.LoginAsync("quinn", account.Password);
        var otherSession = (await Json.ReadAsync(login)).Str("refresh_token");
        using (await app.RefreshAsync(account.RefreshToken))
        {
        }

        using var reuse = await app.RefreshAsync(account.RefreshToken);
        using var other = await app.RefreshAsync(otherSession);

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory, BothProviders]
    public async Task RefreshToken_Stored_OnlyAsItsSha256(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("ursula");
        var database = app.Factory.Services.GetRequiredService<PlatformDatabase>();

        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM identity_refresh_tokens";
        var stored = (string?)await command.ExecuteScalarAsync();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account.RefreshToken))), stored);
    }

    [Theory]
    [InlineData("""{"refresh_token":"not-a-token"}""", HttpStatusCode.Unauthorized)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    public async Task Refresh_UnknownOrMissing_RefusesWithProblem(string json, HttpStatusCode expected)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var response = await app.Client.PostAsync("/api/auth/refresh", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory, BothProviders]
    public async Task Logout_ThenRefresh_Returns401(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("rupert");

        using var logout = await app.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = account.RefreshToken });
        using var logoutAgain = await app.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = account.RefreshToken });
        using var refresh = await app.RefreshAsync(account.RefreshToken);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logoutAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Theory, BothProviders]
    public async Task PasswordChange_EndsOtherSessionsKeepsCurrentAndSwapsPassword(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("sybil");
        using var login = await app.LoginAsync("sybil", account.Password);
        var current = await Json.ReadAsync(login);
        using var client = app.ClientWith(current.Str("access_token"));

        using var change = await client.PutAsJsonAsync("/api/users/me/password",
            new { current_password = account.Password, new_password = "an even sturdier passphrase" });
        using var otherSession = await app.RefreshAsync(account.RefreshToken);
        using var thisSession = await app.RefreshAsync(current.Str("refresh_token"));
        using var oldPassword = await app.LoginAsync("sybil", account.Password);
        using var newPassword = await app.LoginAsync("sybil", "an even sturdier passphrase");

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thisSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }

    [Fact]
    public async Task PasswordChange_WrongCurrentOrWeakNew_Returns400NamingTheField()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("trent");

        using var wrong = await client.PutAsJsonAsync("/api/users/me/password", new { current_password = "not my passphrase", new_password = "a brand new passphrase" });
        using var weak = await client.PutAsJsonAsync("/api/users/me/password", new { current_password = account.Password, new_password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await Json.ReadAsync(wrong)).GetProperty("errors").TryGetProperty("current_password", out _));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await Json.ReadAsync(weak)).GetProperty("errors").TryGetProperty("new_password", out _));
    }
}
