using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Images;

public sealed class UploadTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Upload_PngNamedJpg_StoredAsPngWithSizeAndHash(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (account, client) = await app.RegisterClientAsync("amy");
        var png = TestImages.Png(7, 5);

        using var form = TestImages.Form(png, "holiday.jpg", "image/jpeg");
        using var response = await client.PostAsync("/api/images", form);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/images/{body.Str("id")}", response.Headers.Location?.ToString());
        Assert.Equal("image/png", body.Str("content_type"));
        Assert.Equal(png.Length, body.GetProperty("size").GetInt64());
        Assert.Equal(7, body.GetProperty("width").GetInt32());
        Assert.Equal(5, body.GetProperty("height").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), body.Str("sha256"));
        Assert.EndsWith("Z", body.Str("created"));
        Assert.True(File.Exists(Path.Combine(app.ImagesDirectory, body.Str("id")[..2], body.Str("id"))));
    }

    public static TheoryData<string, byte[], string, int, int> Formats() => new()
    {
        { "jpeg", TestImages.Jpeg(640, 480), "image/jpeg", 640, 480 },
        { "gif", TestImages.Gif(33, 44), "image/gif", 33, 44 },
        { "webp", TestImages.WebPLossless(1024, 768), "image/webp", 1024, 768 },
    };

    [Theory, MemberData(nameof(Formats))]
    public async Task Upload_EachAcceptedFormat_ReadsTypeAndSizeFromHeader(string name, byte[] bytes, string type, int width, int height)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("ben");

        var body = await client.UploadAsync(bytes, $"picture.{name}");

        Assert.Equal(type, body.Str("content_type"));
        Assert.Equal(width, body.GetProperty("width").GetInt32());
        Assert.Equal(height, body.GetProperty("height").GetInt32());
    }

    [Theory, BothProviders]
    public async Task Upload_HtmlNamedPngOrTruncatedHeader_Returns415AndStoresNothing(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (account, client) = await app.RegisterClientAsync("cleo");

        using var htmlForm = TestImages.Form(TestImages.Html, "cat.png", "image/png");
        using var html = await client.PostAsync("/api/images", htmlForm);
        using var truncatedForm = TestImages.Form(TestImages.TruncatedPng, "cut.png", "image/png");
        using var truncated = await client.PostAsync("/api/images", truncatedForm);
        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/images");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        Assert.Equal("application/problem+json", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, truncated.StatusCode);
        Assert.Equal(0, list.GetProperty("total").GetInt64());
        Assert.Empty(Directory.EnumerateFiles(app.ImagesDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Upload_SixMiBWithLength_Returns413()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("dora");

        using var form = TestImages.Form(TestImages.Png(2, 2, padTo: 6 * 1024 * 1024), "big.png");
        using var response = await client.PostAsync("/api/images", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Directory.EnumerateFiles(app.ImagesDirectory, "*", SearchOption.AllDirectories));
    }

    /// <summary>Over a real socket: the answer comes although the client sends only the start of a 256 MiB body.</summary>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 2 * 1024 * 1024)]
    [InlineData(true, 2 * 1024 * 1024)]
    public async Task Upload_HugeBodyOverKestrel_Returns413WithoutTheRest(bool chunked, int sentBytes)
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        await using var platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>(storage.Settings) { ["Images:MaxBytes"] = "1048576" });
        using var client = platform.CreateClient();
        using var register = await client.PostAsJsonAsync("/api/auth/register", new { username = "hugo", email = "hugo@example.test", password = IdentityApp.DefaultPassword });
        var token = (await Json.ReadAsync(register)).Str("access_token");

        var answer = await PartialUpload.SendAsync(platform.Address, token, 256L * 1024 * 1024, sentBytes, chunked);

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Contains("application/problem+json", answer);
    }

    [Fact]
    public async Task Upload_ExactlyAtTheCap_IsAccepted()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Images:MaxBytes", "200000"));
        var (account, client) = await app.RegisterClientAsync("fay");
        var png = TestImages.Png(2, 2, padTo: 200_000);

        var body = await client.UploadAsync(png);

        Assert.Equal(200_000, body.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Upload_NotMultipartOrNoFileField_RefusedWithProblem()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("gus");

        using var raw = new ByteArrayContent(TestImages.Png(1, 1));
        raw.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var notMultipart = await client.PostAsync("/api/images", raw);
        using var wrongFieldForm = TestImages.Form(TestImages.Png(1, 1), "a.png", field: "picture");
        using var wrongField = await client.PostAsync("/api/images", wrongFieldForm);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongField.StatusCode);
        Assert.Contains("file", await wrongField.Content.ReadAsStringAsync());
    }
}
