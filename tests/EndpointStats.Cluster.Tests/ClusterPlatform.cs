using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.Cluster.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Cluster.Tests;

/// <summary>
/// The real platform running only the cluster role on a loopback port, pointed at a fake API server through a kubeconfig
/// file. The process environment is replaced by an empty one, so a developer's own KUBECONFIG never leaks into a test.
/// </summary>
internal sealed class ClusterPlatform : IAsyncDisposable
{
    private readonly RunningPlatform _platform;

    private ClusterPlatform(RunningPlatform platform)
    {
        _platform = platform;
        Client = platform.CreateClient();
    }

    public WebApplication App => _platform.App;

    public HttpClient Client { get; }

    public static async Task<ClusterPlatform> StartAsync(TestStorage storage, string? kubeConfig, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(storage.Settings)
        {
            ["Platform:Roles"] = "cluster",
            ["Cluster:MaxBackoffSeconds"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
            // The views are admin-only by default; the authorization matrix lives in the identity tests.
            ["Security:AnonymousDashboards"] = "true",
        };
        if (kubeConfig is not null)
        {
            all["Cluster:KubeConfig"] = kubeConfig;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var home = Directory.CreateTempSubdirectory("es-home-").FullName;
        return new ClusterPlatform(await RunningPlatform.StartAsync(all, configure: builder =>
            builder.Services.AddSingleton(new ClusterEnvironment(_ => null, home, InCluster: false))));
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; generous on purpose, the machine is shared.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = await probe();
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Never happened: {what}; last: {last}");
            }

            await Task.Delay(100);
            last = await probe();
        }

        return last;
    }

    public Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what) =>
        EventuallyAsync(async () =>
        {
            using var response = await Client.GetAsync(path);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, e => e.ValueKind != JsonValueKind.Undefined && condition(e), what);

    public Task<int> WaitForStatusAsync(string path, int status) =>
        EventuallyAsync(async () =>
        {
            using var response = await Client.GetAsync(path);
            return (int)response.StatusCode;
        }, s => s == status, $"{path} answers {status}");

    /// <summary>The <c>/health</c> body whatever its status code (503 while a dependency is down).</summary>
    public async Task<JsonElement> EventuallyHealthAsync()
    {
        using var response = await Client.GetAsync("/health");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _platform.DisposeAsync();
    }
}
