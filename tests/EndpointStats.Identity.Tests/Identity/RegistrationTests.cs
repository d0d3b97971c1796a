using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Identity;

public sealed class RegistrationTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Register_FirstAndSecondAccount_FirstIsAdminSecondIsUser(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);

        var first = await app.RegisterAsync("founder");
        var second = await app.RegisterAsync("member");

        Assert.Equal("admin", first.Role);
        Assert.Equal("user", second.Role);
    }

    [Theory, BothProviders]
    public async Task Register_Valid_Returns201WithOAuthTokenFields(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);

        using var response = await app.Client.PostAsJsonAsync("/api/auth/register",
            new { username = "new.user_1", email = "New.User@Example.test", password = IdentityApp.DefaultPassword });
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/users/me", response.Headers.Location?.ToString());
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        Assert.NotEmpty(body.Str("access_token"));
        Assert.NotEmpty(body.Str("refresh_token"));
        Assert.Equal("new.user@example.test", body.GetProperty("user").Str("email"));
    }

    [Theory, BothProviders]
    public async Task Register_DuplicateUsernameOrEmail_Returns409(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        await app.RegisterAsync("taken");

        using var sameName = await app.Client.PostAsJsonAsync("/api/auth/register",
            new { username = "taken", email = "other@example.test", password = IdentityApp.DefaultPassword });
        using var sameEmail = await app.Client.PostAsJsonAsync("/api/auth/register",
            new { username = "other", email = "TAKEN@example.test", password = IdentityApp.DefaultPassword });

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.Equal("application/problem+json", sameName.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"email":"a@example.test","password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"ab","email":"a@example.test","password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"Upper","email":"a@example.test","password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"bad/name","email":"a@example.test","password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"thirty-three-characters-long-name","email":"a@example.test","password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"valid","password":"a sturdy passphrase 42"}""", "email")]
    [InlineData("""{"username":"valid","email":"not-an-email","password":"a sturdy passphrase 42"}""", "email")]
    [InlineData("""{"username":"valid","email":"a@example.test"}""", "password")]
    [InlineData("""{"username":"valid","email":"a@example.test","password":"short pass"}""", "password")]
    [InlineData("""{"username":"valid","email":"a@example.test","password":"Password1234"}""", "password")]
    [InlineData("""{"username":"valid","email":"a@example.test","password":"correcthorsebatterystaple"}""", "password")]
    public async Task Register_InvalidField_Returns400NamingTheField(string json, string field)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var response = await app.Client.PostAsync("/api/auth/register", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Register_MalformedJson_Returns400Problem()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var response = await app.Client.PostAsync("/api/auth/register", new StringContent("{\"username\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
