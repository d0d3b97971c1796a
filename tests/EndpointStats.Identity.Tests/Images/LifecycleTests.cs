using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;
using EndpointStats.Images.Cleanup;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Identity.Tests.Images;

/// <summary>Files follow their metadata: account deletion, orphan cleanup after a crash.</summary>
public sealed class LifecycleTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task DeleteAccount_WithImages_RemovesEveryFileAndKeepsOthers(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var (leaving, leavingClient) = await app.RegisterClientAsync("rita");
        var (staying, stayingClient) = await app.RegisterClientAsync("sam");
        var leavingIds = new[] { (await leavingClient.UploadAsync(TestImages.Png(1, 1))).Str("id"), (await leavingClient.UploadAsync(TestImages.Gif(2, 2))).Str("id") };
        var keptId = (await stayingClient.UploadAsync(TestImages.Png(3, 3))).Str("id");
        using (await leavingClient.PutAsJsonAsync("/api/users/me", new { avatar_image_id = leavingIds[0] }))
        {
        }

        using var delete = await leavingClient.DeleteAsync("/api/users/me");
        using var formerAvatar = await stayingClient.GetAsync($"/api/images/{leavingIds[0]}");
        using var kept = await stayingClient.GetAsync($"/api/images/{keptId}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.All(leavingIds, id => Assert.False(File.Exists(Path.Combine(app.ImagesDirectory, id[..2], id))));
        Assert.Equal(HttpStatusCode.NotFound, formerAvatar.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Theory, BothProviders]
    public async Task OrphanCleanup_StrayAndTempFiles_RemovedListedImagesKept(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider, ("Images:OrphanGracePeriod", "00:00:00"));
        var (owner, client) = await app.RegisterClientAsync("tia");
        var listed = (await client.UploadAsync(TestImages.Png(2, 2))).Str("id");
        // What a crash leaves behind: bytes renamed into place without metadata, and an unfinished upload.
        var orphanId = new string('a', 32);
        Directory.CreateDirectory(Path.Combine(app.ImagesDirectory, "aa"));
        var orphan = Path.Combine(app.ImagesDirectory, "aa", orphanId);
        await File.WriteAllBytesAsync(orphan, TestImages.Png(1, 1));
        var temp = Path.Combine(app.ImagesDirectory, ".tmp", "crashed.upload");
        await File.WriteAllBytesAsync(temp, [1, 2, 3]);
        var unrelated = Path.Combine(app.ImagesDirectory, "README");
        await File.WriteAllTextAsync(unrelated, "operator's note");

        var removed = await app.Factory.Services.GetRequiredService<OrphanCleanup>().RunOnceAsync(CancellationToken.None);
        using var stillServed = await client.GetAsync($"/api/images/{listed}");

        Assert.Equal(2, removed);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }

    [Fact]
    public async Task OrphanCleanup_WithinGracePeriod_LeavesFilesAlone()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        Directory.CreateDirectory(Path.Combine(app.ImagesDirectory, "bb"));
        var recent = Path.Combine(app.ImagesDirectory, "bb", new string('b', 32));
        await File.WriteAllBytesAsync(recent, TestImages.Png(1, 1));

        var removed = await app.Factory.Services.GetRequiredService<OrphanCleanup>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, removed);
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task ImagesDirectory_Configured_BytesStoredThere()
    {
        var directory = Directory.CreateTempSubdirectory("es-images-").FullName;
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Images:Directory", directory));
        var (owner, client) = await app.RegisterClientAsync("uli");

        var id = (await client.UploadAsync(TestImages.Png(1, 1))).Str("id");

        Assert.True(File.Exists(Path.Combine(directory, id[..2], id)));
        Assert.False(Directory.Exists(app.ImagesDirectory));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/images")).GetProperty("total").GetInt64());
    }
}
