using System.Net;
using System.Text.Json.Nodes;

namespace EndpointStats.Cluster.Tests;

/// <summary>Changes arriving through watches: a rollout, a deletion, an expired watch and an API server outage.</summary>
public sealed class WatchScenarioTests(TestServers servers) : IAsyncLifetime
{
    private ClusterFixture _cluster = null!;

    private ClusterPlatform Platform => _cluster.Platform;

    private FakeKubernetesApi Api => _cluster.Api;

    public async ValueTask InitializeAsync() => _cluster = await ClusterFixture.StartAsync(servers);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Rollout_NewReplicaSet_DeploymentAndPodsFollow()
    {
        const string image = "nginx:1.27.3";
        var replicaSet = Fixtures.ReplicaSet("web-7c5ddbdf54");
        replicaSet["metadata"]!["name"] = "web-59d8c6f7b4";
        replicaSet["metadata"]!["uid"] = Guid.NewGuid().ToString();
        replicaSet["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        Api.Apply(replicaSet);
        Api.Update("deployments", "shop", "web", d =>
        {
            d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
            d["status"]!["updatedReplicas"] = 1;
            SetProgressing(d, "ReplicaSetUpdated", "ReplicaSet \"web-59d8c6f7b4\" is progressing.");
        });
        var pod = PodEdits.NewPod("web-59d8c6f7b4-j7kq2", "web-59d8c6f7b4", "59d8c6f7b4", image);
        PodEdits.Schedule(pod, "worker-2");
        Api.Apply(pod);

        await Platform.WaitForAsync("/api/cluster/pods", p => ClusterApiTests.StatusOf(p, "web-59d8c6f7b4-j7kq2") == "ContainerCreating", "new pod creating");
        PodEdits.Running(pod);
        Api.Apply(pod);
        Api.Delete("pods", "shop", "web-7c5ddbdf54-x9v7c");
        Api.Update("deployments", "shop", "web", d =>
        {
            d["status"]!["updatedReplicas"] = 3;
            SetProgressing(d, "NewReplicaSetAvailable", "ReplicaSet \"web-59d8c6f7b4\" has successfully progressed.");
        });

        var deployments = await Platform.WaitForAsync("/api/cluster/deployments",
            d => d.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "web" && x.GetProperty("updated").GetInt32() == 3), "rollout complete");
        var web = deployments.EnumerateArray().Single(x => x.GetProperty("name").GetString() == "web");
        Assert.Equal([image], web.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains(web.GetProperty("conditions").EnumerateArray(), c => c.GetProperty("reason").GetString() == "NewReplicaSetAvailable");
        var pods = await Platform.WaitForAsync("/api/cluster/pods?q=web-", p => ClusterApiTests.StatusOf(p, "web-59d8c6f7b4-j7kq2") == "Running", "new pod running");
        var fresh = pods.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "web-59d8c6f7b4-j7kq2");
        Assert.Equal(("web", "1/1", "worker-2"), (fresh.GetProperty("deployment").GetString(), fresh.GetProperty("ready").GetString(), fresh.GetProperty("node").GetString()));
        Assert.Matches(@"^\d+s$", fresh.GetProperty("age").GetString());
        Assert.Null(ClusterApiTests.StatusOf(pods, "web-7c5ddbdf54-x9v7c"));
    }

    [Fact]
    public async Task PodDeletion_WatchEvent_GoneFromPodsAndStats()
    {
        Api.Delete("pods", "shop", "batch-report-28312346-wq5mx");

        var stats = await Platform.WaitForAsync("/api/cluster/stats", s => s.GetProperty("totalPods").GetInt32() == 14, "pod deleted");
        Assert.Equal(2, stats.GetProperty("failedPods").GetInt32());
        Assert.Null(ClusterApiTests.StatusOf(await Platform.GetJsonAsync("/api/cluster/pods"), "batch-report-28312346-wq5mx"));
    }

    [Fact]
    public async Task WatchExpired_410Gone_RelistsAndCatchesUp()
    {
        var listsBefore = Api.Requests("pods");

        Api.ExpireWatches();
        Api.Update("pods", "shop", "reports-8d7f6c5b4-n3m4p", p => PodEdits.Schedule(p, "worker-3"));

        await Platform.WaitForAsync("/api/cluster/pods", p => ClusterApiTests.StatusOf(p, "reports-8d7f6c5b4-n3m4p") == "ContainerCreating", "change after 410");
        await ClusterPlatform.EventuallyAsync(() => Task.FromResult(Api.Requests("pods")), n => n > listsBefore, "pods re-listed after 410");
        Assert.Equal(200, await Platform.WaitForStatusAsync("/healthz/ready", 200));
    }

    [Fact]
    public async Task ApiServerOutage_ReadinessFalseWithStaleAnswers_ThenTrueWithDataRefreshed()
    {
        await Api.StopAsync();

        await Platform.WaitForStatusAsync("/healthz/ready", 503);
        var health = await ReadHealthAsync();
        Assert.Equal("down", health["kubernetes"]!.GetValue<string>());
        using (var stale = await Platform.Client.GetAsync("/api/cluster/pods"))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Equal("true", stale.Headers.GetValues("X-Cluster-Stale").Single());
            var lastSync = DateTimeOffset.Parse(stale.Headers.GetValues("X-Cluster-Last-Sync").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(lastSync < DateTimeOffset.UtcNow);
        }

        var stats = await Platform.GetJsonAsync("/api/cluster/stats");
        Assert.False(stats.GetProperty("connected").GetBoolean());
        Assert.True(stats.GetProperty("lastSync").GetDateTimeOffset() < DateTimeOffset.UtcNow);

        // Changes while the server is away reach the role only through the re-list when it is back.
        Api.Update("pods", "shop", "api-5f8d9c7b6d-p7r8s", p => PodEdits.Waiting(p, "ErrImagePull"));
        Api.Delete("pods", "shop", "worker-6b7f8d9c5-zz8qw");
        await Api.StartAgainAsync();

        await Platform.WaitForStatusAsync("/healthz/ready", 200);
        var pods = await Platform.WaitForAsync("/api/cluster/pods",
            p => ClusterApiTests.StatusOf(p, "api-5f8d9c7b6d-p7r8s") == "ErrImagePull" && ClusterApiTests.StatusOf(p, "worker-6b7f8d9c5-zz8qw") is null,
            "data refreshed after the outage");
        Assert.Equal(14, pods.GetArrayLength());
        using var fresh = await Platform.Client.GetAsync("/api/cluster/pods");
        Assert.False(fresh.Headers.Contains("X-Cluster-Stale"));
        Assert.Equal("up", (await ReadHealthAsync())["kubernetes"]!.GetValue<string>());
    }

    private async Task<JsonObject> ReadHealthAsync()
    {
        using var response = await Platform.Client.GetAsync("/health");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static void SetProgressing(JsonObject deployment, string reason, string message)
    {
        var progressing = deployment["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Progressing")!;
        progressing["reason"] = reason;
        progressing["message"] = message;
        progressing["lastUpdateTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
    }
}
