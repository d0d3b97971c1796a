using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Identity;

public sealed class ProfileTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Profile_UpdateThenGet_ReturnsTheNewValues(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (account, client) = await app.RegisterClientAsync("uma");

        using var put = await client.PutAsJsonAsync("/api/users/me", new { display_name = "Uma T.", bio = "Photographer." });
        var me = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Uma T.", me.Str("display_name"));
        Assert.Equal("Photographer.", me.Str("bio"));
        Assert.Equal("uma", me.Str("username"));
        Assert.False(me.TryGetProperty("password_hash", out _));
    }

    [Fact]
    public async Task Profile_TooLongFields_Returns400NamingThem()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("victor");

        using var put = await client.PutAsJsonAsync("/api/users/me", new { display_name = new string('x', 65), bio = new string('y', 501) });
        var errors = (await Json.ReadAsync(put)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.True(errors.TryGetProperty("display_name", out _));
        Assert.True(errors.TryGetProperty("bio", out _));
    }

    [Theory, BothProviders]
    public async Task Admin_ListsUsersAndChangesRole_NewRoleAfterRefresh(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var admin = await app.RegisterAsync("wendy");
        var user = await app.RegisterAsync("xavier");
        using var adminClient = app.ClientWith(admin.AccessToken);

        var page = await adminClient.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users?page=1&page_size=1");
        using var promote = await adminClient.PutAsJsonAsync($"/api/users/{user.Id}/role", new { role = "admin" });
        using var refreshed = await app.RefreshAsync(user.RefreshToken);
        var newToken = (await Json.ReadAsync(refreshed)).Str("access_token");
        using var promotedClient = app.ClientWith(newToken);
        using var list = await promotedClient.GetAsync("/api/users");

        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("wendy", page.GetProperty("items")[0].Str("username"));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Admin_InvalidRoleUnknownUserOrLastAdmin_Refused()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (admin, client) = await app.RegisterClientAsync("yolanda");

        using var badRole = await client.PutAsJsonAsync($"/api/users/{admin.Id}/role", new { role = "root" });
        using var unknown = await client.PutAsJsonAsync("/api/users/no-such-id/role", new { role = "user" });
        using var lastAdmin = await client.PutAsJsonAsync($"/api/users/{admin.Id}/role", new { role = "user" });
        using var badPage = await client.GetAsync("/api/users?page_size=1000");

        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Theory, BothProviders]
    public async Task DeleteAccount_Deleted_TokensAndLoginNoLongerWork(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (account, client) = await app.RegisterClientAsync("zed");

        using var delete = await client.DeleteAsync("/api/users/me");
        using var me = await client.GetAsync("/api/users/me");
        using var login = await app.LoginAsync("zed", account.Password);
        using var refresh = await app.RefreshAsync(account.RefreshToken);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }
}
