using EndpointStats.Hosting.Storage;

namespace EndpointStats.Cluster.Tests;

/// <summary>A fake API server seeded with the fixtures and a platform watching it, ready (every cache synced).</summary>
internal sealed class ClusterFixture : IAsyncDisposable
{
    private ClusterFixture(FakeKubernetesApi api, ClusterPlatform platform, TestStorage storage)
    {
        Api = api;
        Platform = platform;
        Storage = storage;
    }

    public FakeKubernetesApi Api { get; }

    public ClusterPlatform Platform { get; }

    public TestStorage Storage { get; }

    public static async Task<ClusterFixture> StartAsync(TestServers servers, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var api = await FakeKubernetesApi.StartAsync();
        api.Seed(Fixtures.All());
        var storage = await servers.CreateStorageAsync(provider);
        var platform = await ClusterPlatform.StartAsync(storage, api.WriteKubeConfig(storage.DataDirectory));
        await platform.WaitForStatusAsync("/healthz/ready", 200);
        return new ClusterFixture(api, platform, storage);
    }

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        await Api.DisposeAsync();
    }
}
