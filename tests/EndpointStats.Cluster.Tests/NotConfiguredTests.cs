using System.Net;
using System.Text.Json;

namespace EndpointStats.Cluster.Tests;

/// <summary>No service account, no KUBECONFIG, no ~/.kube/config: the role stays up and ready and says how to configure it.</summary>
public sealed class NotConfiguredTests(TestServers servers)
{
    [Fact]
    public async Task Health_NoKubernetes_ReadyAndNotConfigured()
    {
        await using var platform = await ClusterPlatform.StartAsync(await servers.CreateStorageAsync(Hosting.Storage.DatabaseProvider.Sqlite), kubeConfig: null);

        Assert.Equal(200, await platform.WaitForStatusAsync("/healthz/ready", 200));
        var health = await platform.GetJsonAsync("/health");
        Assert.Equal("not configured", health.GetProperty("kubernetes").GetString());
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("deployments")]
    [InlineData("pods")]
    [InlineData("pods/history")]
    [InlineData("events")]
    public async Task Api_NoKubernetes_ServiceUnavailableSayingHowToConfigure(string path)
    {
        await using var platform = await ClusterPlatform.StartAsync(await servers.CreateStorageAsync(Hosting.Storage.DatabaseProvider.Sqlite), kubeConfig: null);

        using var response = await platform.Client.GetAsync($"/api/cluster/{path}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("KUBECONFIG", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Cluster:Context", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ConfiguredServerUnreachable_NotReady()
    {
        var storage = await servers.CreateStorageAsync(Hosting.Storage.DatabaseProvider.Sqlite);
        var api = await FakeKubernetesApi.StartAsync();
        var kubeConfig = api.WriteKubeConfig(storage.DataDirectory);
        await api.StopAsync();
        await using var platform = await ClusterPlatform.StartAsync(storage, kubeConfig);

        Assert.Equal(503, await platform.WaitForStatusAsync("/healthz/ready", 503));
        Assert.Equal("down", (await platform.EventuallyHealthAsync()).GetProperty("kubernetes").GetString());
        using var pods = await platform.Client.GetAsync("/api/cluster/pods");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pods.StatusCode);
    }
}
