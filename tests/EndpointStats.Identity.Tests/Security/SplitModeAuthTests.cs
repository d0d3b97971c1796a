using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Security;

/// <summary>
/// Identity, images and the gateway as three processes sharing one PostgreSQL database and one signing key: tokens from
/// the identity role work through the gateway and on the images role reached directly, which checks them itself.
/// </summary>
public sealed class SplitModeAuthTests(TestServers servers) : IAsyncLifetime
{
    private readonly string _key = IdentityApp.NewKey();
    private RunningPlatform? _identity;
    private RunningPlatform? _images;
    private RunningPlatform? _gateway;
    private string _imagesDirectory = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Postgres);
        _imagesDirectory = Directory.CreateTempSubdirectory("es-split-images-").FullName;
        _images = await RunningPlatform.StartAsync(Settings(storage, "images", ("Images:Directory", _imagesDirectory)));
        _identity = await RunningPlatform.StartAsync(Settings(storage, "identity", ("Services:Images:Url", _images.Address.ToString())));
        _gateway = await RunningPlatform.StartAsync(Settings(storage, "gateway",
            ("Services:Identity:Url", _identity.Address.ToString()), ("Services:Images:Url", _images.Address.ToString())));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var platform in new[] { _gateway, _identity, _images })
        {
            if (platform is not null)
            {
                await platform.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SplitMode_TokenFromIdentity_AcceptedByGatewayAndImagesDirectly()
    {
        using var gateway = _gateway!.CreateClient();
        var token = await RegisterAsync(gateway, "split-user");
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var images = _images!.CreateClient();

        var id = (await gateway.UploadAsync(TestImages.Png(6, 6))).Str("id");
        using var withoutToken = await images.GetAsync("/api/images");
        images.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var direct = await images.GetAsync($"/api/images/{id}");
        using var me = await gateway.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task SplitMode_ForgedTokenOnImagesRole_Returns401()
    {
        using var images = _images!.CreateClient();
        images.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ForgedTokens.Forge(IdentityApp.NewKey(), "someone", "admin"));

        using var response = await images.GetAsync("/api/images");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SplitMode_AvatarAndAccountDeletion_ReachTheImagesRoleOverHttp()
    {
        using var gateway = _gateway!.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await RegisterAsync(gateway, "split-avatar"));
        using var anonymous = _images!.CreateClient();
        var id = (await gateway.UploadAsync(TestImages.Png(5, 5))).Str("id");

        using var setAvatar = await gateway.PutAsJsonAsync("/api/users/me", new { avatar_image_id = id });
        using var publicRead = await anonymous.GetAsync($"/api/images/{id}");
        using var delete = await gateway.DeleteAsync("/api/users/me");
        using var afterDelete = await anonymous.GetAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.OK, setAvatar.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicRead.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.False(File.Exists(Path.Combine(_imagesDirectory, id[..2], id)));
    }

    private Dictionary<string, string?> Settings(TestStorage storage, string role, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(storage.Settings)
        {
            ["Platform:Roles"] = role,
            ["Identity:SigningKey"] = _key,
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory($"es-split-{role}-").FullName,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<string> RegisterAsync(HttpClient client, string username)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { username, email = $"{username}@example.test", password = IdentityApp.DefaultPassword });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Str("access_token");
    }
}
