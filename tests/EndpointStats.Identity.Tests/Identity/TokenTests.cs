using System.Net;
using System.Text.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Identity;

/// <summary>What the platform accepts as an access token.</summary>
public sealed class TokenTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task AccessToken_Issued_CarriesSubRoleKidAndExpiry(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("heidi");

        var header = JsonDocument.Parse(ForgedTokens.Header(account.AccessToken)).RootElement;
        var payload = JsonDocument.Parse(ForgedTokens.Payload(account.AccessToken)).RootElement;

        Assert.Equal("HS256", header.Str("alg"));
        Assert.False(string.IsNullOrEmpty(header.Str("kid")));
        Assert.Equal(account.Id, payload.Str("sub"));
        Assert.Equal("admin", payload.Str("role"));
        Assert.Equal(900, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task AccessToken_PayloadTampered_Returns401()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        await app.RegisterAsync("admin1");
        var user = await app.RegisterAsync("ivan");
        var payload = ForgedTokens.Payload(user.AccessToken).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        Assert.Contains("\"role\":\"admin\"", payload);

        using var client = app.ClientWith(ForgedTokens.WithPayload(user.AccessToken, payload));
        using var response = await client.GetAsync("/api/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.")]
    public async Task AccessToken_Malformed_Returns401(string token)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var client = app.ClientWith(token);
        using var response = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AccessToken_Expired_Returns401()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var user = await app.RegisterAsync("judy");
        var expired = ForgedTokens.Forge(app.SigningKey, user.Id, "user", expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-20));
        var valid = ForgedTokens.Forge(app.SigningKey, user.Id, "user");

        using var expiredClient = app.ClientWith(expired);
        using var validClient = app.ClientWith(valid);
        using var rejected = await expiredClient.GetAsync("/api/users/me");
        using var accepted = await validClient.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task AccessToken_SignedWithAnotherKeyOrIssuer_Returns401()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var user = await app.RegisterAsync("ken");

        using var wrongKey = app.ClientWith(ForgedTokens.Forge(IdentityApp.NewKey(), user.Id, "admin"));
        using var wrongIssuer = app.ClientWith(ForgedTokens.Forge(app.SigningKey, user.Id, "admin", issuer: "someone-else"));
        using var a = await wrongKey.GetAsync("/api/users/me");
        using var b = await wrongIssuer.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, b.StatusCode);
    }

    [Theory, BothProviders]
    public async Task SigningKey_Rotated_OldTokensAcceptedWhileListedThenRejected(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var user = await app.RegisterAsync("laura");
        var oldKey = app.SigningKey;
        var newKey = IdentityApp.NewKey();

        await using var rotated = app.Restart(("Identity:SigningKey", newKey), ("Identity:PreviousSigningKeys:0", oldKey));
        using var oldTokenDuringRotation = rotated.ClientWith(user.AccessToken);
        using var duringRotation = await oldTokenDuringRotation.GetAsync("/api/users/me");
        using var login = await rotated.LoginAsync("laura", user.Password);
        var fresh = (await Json.ReadAsync(login)).Str("access_token");

        await using var finished = app.Restart(("Identity:SigningKey", newKey));
        using var oldTokenAfter = finished.ClientWith(user.AccessToken);
        using var freshTokenAfter = finished.ClientWith(fresh);
        using var afterRotation = await oldTokenAfter.GetAsync("/api/users/me");
        using var freshAfter = await freshTokenAfter.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, duringRotation.StatusCode);
        Assert.NotEqual(JsonDocument.Parse(ForgedTokens.Header(user.AccessToken)).RootElement.Str("kid"), JsonDocument.Parse(ForgedTokens.Header(fresh)).RootElement.Str("kid"));
        Assert.Equal(HttpStatusCode.Unauthorized, afterRotation.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshAfter.StatusCode);
    }

    [Fact]
    public async Task SigningKey_NotConfigured_GeneratedOnceAndKeptAcrossRestarts()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Identity:SigningKey", null));
        var user = await app.RegisterAsync("mallory");
        var keyFile = Path.Combine(app.Storage.DataDirectory, "identity-signing-key");

        await using var restarted = app.Restart(("Identity:SigningKey", null));
        using var client = restarted.ClientWith(user.AccessToken);
        using var response = await client.GetAsync("/api/users/me");

        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigningKey_Es256KeyFile_SignsWithEs256AndValidates()
    {
        var pemPath = Path.Combine(Directory.CreateTempSubdirectory("es-key-").FullName, "signing.pem");
        using (var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(pemPath, ec.ExportPkcs8PrivateKeyPem());
        }

        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Identity:SigningKey", null), ("Identity:SigningKeyFile", pemPath));
        var (user, client) = await app.RegisterClientAsync("niaj");
        using var response = await client.GetAsync("/api/users/me");

        Assert.Equal("ES256", JsonDocument.Parse(ForgedTokens.Header(user.AccessToken)).RootElement.Str("alg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SigningKey_TooShort_StopsStartupNamingTheSetting()
    {
        var directory = Directory.CreateTempSubdirectory("es-badkey-").FullName;

        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [typeof(Program).Assembly.Location, "serve", "--urls", "http://127.0.0.1:0"],
            directory, new Dictionary<string, string?> { ["Identity__SigningKey"] = Convert.ToBase64String(new byte[16]) }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Identity:SigningKey", output);
    }
}
