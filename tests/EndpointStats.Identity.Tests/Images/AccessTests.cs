using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Images;

/// <summary>Who can read, list and delete which image; caching headers.</summary>
public sealed class AccessTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Get_Owner_ReturnsBytesWithTypeETagAndCacheControl(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, client) = await app.RegisterClientAsync("hana");
        var png = TestImages.Png(3, 3);
        var id = (await client.UploadAsync(png)).Str("id");

        using var response = await client.GetAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.Private);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory, BothProviders]
    public async Task Get_IfNoneMatchCurrentETag_Returns304(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, client) = await app.RegisterClientAsync("ivo");
        var id = (await client.UploadAsync(TestImages.Png(2, 2))).Str("id");
        using var first = await client.GetAsync($"/api/images/{id}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/images/{id}");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/images/{id}");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var third = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Get_AnotherUsersImage_Returns404ForReadAndDelete(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, ownerClient) = await app.RegisterClientAsync("joe");
        var (other, otherClient) = await app.RegisterClientAsync("kai");
        using var anonymous = app.ClientWith(null);
        var id = (await ownerClient.UploadAsync(TestImages.Png(2, 2))).Str("id");

        using var read = await otherClient.GetAsync($"/api/images/{id}");
        using var anonymousRead = await anonymous.GetAsync($"/api/images/{id}");
        using var delete = await otherClient.DeleteAsync($"/api/images/{id}");
        using var missing = await otherClient.GetAsync($"/api/images/{new string('0', 32)}");
        using var stillThere = await ownerClient.GetAsync($"/api/images/{id}");
        var othersList = await otherClient.GetFromJsonAsync<JsonElement>("/api/images");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymousRead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync().ContinueWith(t => JsonDocument.Parse(t.Result).RootElement.Str("detail")),
            JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.Str("detail"));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(0, othersList.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("..%2F..%2Fidentity-signing-key")]
    [InlineData("%2E%2E%2F%2E%2E%2Fendpoint-stats.db")]
    [InlineData("..%5C..%5Cendpoint-stats.db")]
    [InlineData(".tmp")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public async Task Get_IdsLookingLikePathTraversal_Return404(string id)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (owner, client) = await app.RegisterClientAsync("lena");
        await client.UploadAsync(TestImages.Png(1, 1));

        using var get = await client.GetAsync($"/api/images/{id}");
        using var delete = await client.DeleteAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
    }

    [Theory, BothProviders]
    public async Task Avatar_SetOnProfile_ReadableByAnyoneUntilUnset(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, ownerClient) = await app.RegisterClientAsync("milo");
        using var anonymous = app.ClientWith(null);
        var avatar = (await ownerClient.UploadAsync(TestImages.Png(8, 8))).Str("id");
        var privateImage = (await ownerClient.UploadAsync(TestImages.Png(9, 9))).Str("id");

        using var set = await ownerClient.PutAsJsonAsync("/api/users/me", new { avatar_image_id = avatar });
        using var publicRead = await anonymous.GetAsync($"/api/images/{avatar}");
        using var privateRead = await anonymous.GetAsync($"/api/images/{privateImage}");
        using var unset = await ownerClient.PutAsJsonAsync("/api/users/me", new { display_name = "Milo" });
        using var afterUnset = await anonymous.GetAsync($"/api/images/{avatar}");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(avatar, (await Json.ReadAsync(set)).Str("avatar_image_id"));
        Assert.Equal(HttpStatusCode.OK, publicRead.StatusCode);
        Assert.True(publicRead.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotFound, privateRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterUnset.StatusCode);
    }

    [Theory, BothProviders]
    public async Task Avatar_AnotherUsersImage_Returns400AndStaysPrivate(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, ownerClient) = await app.RegisterClientAsync("nina");
        var (thief, thiefClient) = await app.RegisterClientAsync("oscar");
        var id = (await ownerClient.UploadAsync(TestImages.Png(4, 4))).Str("id");

        using var claim = await thiefClient.PutAsJsonAsync("/api/users/me", new { avatar_image_id = id });
        using var read = await thiefClient.GetAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, claim.StatusCode);
        Assert.True((await Json.ReadAsync(claim)).GetProperty("errors").TryGetProperty("avatar_image_id", out _));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory, BothProviders]
    public async Task List_OwnImages_PagedNewestFirst(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, client) = await app.RegisterClientAsync("pia");
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await client.UploadAsync(TestImages.Png(i, i))).Str("id"));
            await Task.Delay(5);
        }

        var first = await client.GetFromJsonAsync<JsonElement>("/api/images?page=1&page_size=2");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/images?page=2&page_size=2");

        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        Assert.False(first.GetProperty("items")[0].TryGetProperty("owner_id", out _));
    }

    [Theory, BothProviders]
    public async Task Delete_OwnImage_RemovesMetadataAndFile(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (owner, client) = await app.RegisterClientAsync("quin");
        var id = (await client.UploadAsync(TestImages.Png(2, 2))).Str("id");

        using var delete = await client.DeleteAsync($"/api/images/{id}");
        using var get = await client.GetAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.False(File.Exists(Path.Combine(app.ImagesDirectory, id[..2], id)));
    }
}
