using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Identity.Tests.Support;

/// <summary>
/// The real platform (all roles) on fresh storage of one provider, with a signing key the test knows, so tests can
/// forge, tamper with and rotate tokens. Extra settings override the defaults.
/// </summary>
public sealed class IdentityApp : IAsyncDisposable
{
    public const string DefaultPassword = "a sturdy passphrase 42";

    private IdentityApp(PlatformFactory factory, TestStorage storage, string signingKey)
    {
        Factory = factory;
        Storage = storage;
        SigningKey = signingKey;
        Client = factory.CreateClient();
    }

    public PlatformFactory Factory { get; }

    public TestStorage Storage { get; }

    public string SigningKey { get; }

    public HttpClient Client { get; }

    public string ImagesDirectory => Path.Combine(Storage.DataDirectory, "images");

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static async Task<IdentityApp> StartAsync(TestServers servers, DatabaseProvider provider, params (string Key, string? Value)[] settings)
    {
        var storage = await servers.CreateStorageAsync(provider);
        var all = new Dictionary<string, string?>(storage.Settings) { ["Identity:SigningKey"] = NewKey() };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new IdentityApp(new PlatformFactory(all), storage, all["Identity:SigningKey"] ?? string.Empty);
    }

    /// <summary>A second platform on the same storage (a restart, or a key rotation), with changed settings.</summary>
    public IdentityApp Restart(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>(Storage.Settings) { ["Identity:SigningKey"] = SigningKey };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new IdentityApp(new PlatformFactory(all), Storage, all["Identity:SigningKey"] ?? string.Empty);
    }

    public HttpClient ClientWith(string? accessToken)
    {
        var client = Factory.CreateClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public async Task<Account> RegisterAsync(string username, string password = DefaultPassword)
    {
        var email = $"{username}@example.test";
        using var response = await Client.PostAsJsonAsync("/api/auth/register", new { username, email, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"register {username}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var user = json.GetProperty("user");
        return new Account(user.GetProperty("id").GetString()!, username, email, password, user.GetProperty("role").GetString()!,
            json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>Registers and returns a client that sends the new account's access token (owned by the factory).</summary>
    public async Task<(Account Account, HttpClient Client)> RegisterClientAsync(string username)
    {
        var account = await RegisterAsync(username);
        return (account, ClientWith(account.AccessToken));
    }

    public Task<HttpResponseMessage> LoginAsync(string login, string password) =>
        Client.PostAsJsonAsync("/api/auth/login", new { username = login, password });

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = refreshToken });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
