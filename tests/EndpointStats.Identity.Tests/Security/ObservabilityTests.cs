using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Security;

/// <summary>The identity and images meters on <c>/metrics</c> and the images volume in readiness.</summary>
public sealed class ObservabilityTests(TestServers servers)
{
    [Fact]
    public async Task Metrics_AfterLoginAndUpload_ExposeOutcomeCounters()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);
        var (account, client) = await app.RegisterClientAsync("metrics-user");
        using (await app.LoginAsync(account.Username, "wrong passphrase"))
        {
        }

        await client.UploadAsync(TestImages.Png(2, 2));
        var metrics = await app.Client.GetStringAsync("/metrics");

        Assert.Contains("identity_logins", metrics);
        Assert.Contains("outcome=\"failed\"", metrics);
        Assert.Contains("images_uploads", metrics);
        Assert.Contains("outcome=\"stored\"", metrics);
        Assert.DoesNotContain(account.Id, metrics);
    }

    [Fact]
    public async Task Health_ImagesRole_ReportsTheImagesVolume()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        var health = await app.Client.GetStringAsync("/health");

        Assert.Contains("\"images\":\"up\"", health);
    }
}
