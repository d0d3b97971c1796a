using System.Net;
using System.Text.Json;

namespace EndpointStats.Cluster.Tests;

/// <summary>The API answered from caches filled by list-then-watch against the fake API server, seeded with the fixtures.</summary>
public sealed class ClusterApiTests(TestServers servers) : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    private ClusterPlatform Platform => _cluster.Platform;

    public async ValueTask InitializeAsync() => _cluster = await ClusterFixture.StartAsync(servers);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pods_EveryFixture_StatusReadyRestartsAsKubectlPrints()
    {
        var pods = await Platform.GetJsonAsync("/api/cluster/pods");

        var actual = pods.EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("status").GetString()!, p.GetProperty("ready").GetString()!, p.GetProperty("restarts").GetInt32()))
            .ToList();
        var expected = ExpectedStatuses.All.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Pods_RunningPod_SeedShapeWithOwnerAndAge()
    {
        var pods = await Platform.GetJsonAsync("/api/cluster/pods?q=2xkqp");

        var pod = Assert.Single(pods.EnumerateArray());
        var fixture = Fixtures.Pod("web-7c5ddbdf54-2xkqp");
        Assert.Equal(fixture["metadata"]!["uid"]!.GetValue<string>(), pod.GetProperty("podId").GetString());
        Assert.Equal("worker-1", pod.GetProperty("node").GetString());
        Assert.Equal("web", pod.GetProperty("deployment").GetString());
        Assert.Equal("10.244.1.12", pod.GetProperty("ip").GetString());
        Assert.Matches(@"^\d+d \d+h$", pod.GetProperty("age").GetString());
    }

    [Fact]
    public async Task Pods_StatusFilter_OnlyThatStatus()
    {
        var pods = await Platform.GetJsonAsync("/api/cluster/pods?status=running");

        Assert.Equal(["web-7c5ddbdf54-2xkqp", "web-7c5ddbdf54-8mz4t"], pods.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Pods_UnwatchedNamespace_NotFoundListingWatched()
    {
        using var response = await Platform.Client.GetAsync("/api/cluster/pods?namespace=kube-system");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Watched namespaces: shop", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_Fixtures_CountsByPhase()
    {
        var stats = await Platform.GetJsonAsync("/api/cluster/stats");

        Assert.Equal("shop", stats.GetProperty("namespace").GetString());
        Assert.Equal(
            (6, 15, 4, 7, 3, 1, 11),
            (stats.GetProperty("totalDeployments").GetInt32(), stats.GetProperty("totalPods").GetInt32(), stats.GetProperty("runningPods").GetInt32(),
             stats.GetProperty("pendingPods").GetInt32(), stats.GetProperty("failedPods").GetInt32(), stats.GetProperty("succeededPods").GetInt32(),
             stats.GetProperty("restarts").GetInt32()));
        Assert.True(stats.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Deployments_Fixtures_SeedShapeWithImagesAndConditions()
    {
        var deployments = await Platform.GetJsonAsync("/api/cluster/deployments");

        Assert.Equal(["api", "db-seed", "reports", "search", "web", "worker"], deployments.EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        var api = deployments.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "api");
        Assert.Equal((2, 0, 0, 2), (api.GetProperty("replicas").GetInt32(), api.GetProperty("ready").GetInt32(), api.GetProperty("available").GetInt32(), api.GetProperty("updated").GetInt32()));
        Assert.Equal(["ghcr.io/example/api:2.4.1", "envoyproxy/envoy:v1.31.2"], api.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        var available = api.GetProperty("conditions").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "Available");
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (available.GetProperty("status").GetString(), available.GetProperty("reason").GetString()));
        Assert.Matches(@"^\d+d \d+h$", api.GetProperty("age").GetString());
    }

    [Fact]
    public async Task Events_InvolvedPod_ItsEventsNewestFirst()
    {
        var events = await Platform.GetJsonAsync("/api/cluster/events?involved=pod/api-5f8d9c7b6d-k2j4h");

        var list = events.EnumerateArray().ToList();
        Assert.Equal(["BackOff", "Pulled"], list.Select(e => e.GetProperty("reason").GetString()));
        Assert.Equal(("Warning", "pod/api-5f8d9c7b6d-k2j4h", 42), (list[0].GetProperty("type").GetString(), list[0].GetProperty("object").GetString(), list[0].GetProperty("count").GetInt32()));
        Assert.StartsWith("Back-off restarting failed container api", list[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 40, 0, TimeSpan.Zero), list[0].GetProperty("lastSeen").GetDateTimeOffset());
    }

    [Fact]
    public async Task Events_NoFilter_AllEventsOfTheNamespace()
    {
        var events = await Platform.GetJsonAsync("/api/cluster/events");

        Assert.Equal(5, events.GetArrayLength());
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("object").GetString() == "deployment/web");
    }

    [Fact]
    public async Task Answers_ManyRequests_ServedFromCacheWithoutCallingTheApiServer()
    {
        var lists = new[] { "pods", "deployments", "replicasets", "events" }.Select(r => _cluster.Api.Requests(r)).ToArray();

        foreach (var path in new[] { "stats", "deployments", "pods", "events" })
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await Platform.Client.GetAsync($"/api/cluster/{path}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(response.Headers.Contains("X-Cluster-Last-Sync"));
            }
        }

        Assert.Equal(lists, new[] { "pods", "deployments", "replicasets", "events" }.Select(r => _cluster.Api.Requests(r)).ToArray());
    }

    [Fact]
    public async Task Health_Synced_KubernetesUp()
    {
        var health = await Platform.GetJsonAsync("/health");

        Assert.Equal("up", health.GetProperty("kubernetes").GetString());
    }

    internal static string? StatusOf(JsonElement pods, string name) =>
        pods.EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => p.GetProperty("status").GetString()).SingleOrDefault();
}
