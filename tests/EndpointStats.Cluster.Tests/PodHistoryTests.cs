using System.Text.Json;
using EndpointStats.Cluster.History;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Cluster.Tests;

/// <summary>Pod history on both databases: one row per change of printed status or node, never per event or re-list.</summary>
public sealed class PodHistoryTests(TestServers servers)
{
    private const string Pod = "web-7c5ddbdf54-h1st0";

    [Theory, BothProviders]
    public async Task History_SequenceOfWatchEvents_ExactlyTheTransitions(DatabaseProvider provider)
    {
        await using var cluster = await ClusterFixture.StartAsync(servers, provider);
        var api = cluster.Api;
        var pod = PodEdits.NewPod(Pod, "web-7c5ddbdf54", "7c5ddbdf54", "nginx:1.27.2");

        api.Apply(pod);                                                    // Pending, no node
        PodEdits.Schedule(pod, "worker-1"); api.Apply(pod);                // ContainerCreating on worker-1
        PodEdits.Label(pod, "team", "checkout"); api.Apply(pod);           // same status: no row
        PodEdits.Running(pod); api.Apply(pod);                             // Running
        PodEdits.Label(pod, "release", "2026.11"); api.Apply(pod);         // same status: no row
        PodEdits.Waiting(pod, "CrashLoopBackOff", restarts: 1); api.Apply(pod);
        PodEdits.Running(pod, restarts: 1); api.Apply(pod);
        PodEdits.Terminating(pod); api.Apply(pod);
        api.Delete("pods", "shop", Pod);

        var expected = new (string?, string?)[]
        {
            ("Pending", null), ("ContainerCreating", "worker-1"), ("Running", "worker-1"), ("CrashLoopBackOff", "worker-1"),
            ("Running", "worker-1"), ("Terminating", "worker-1"), ("Deleted", "worker-1"),
        };
        var history = await cluster.Platform.WaitForAsync($"/api/cluster/pods/history?pod={Pod}", h => h.GetArrayLength() >= expected.Length, "history written");
        Assert.Equal(expected, Transitions(history));
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        Assert.All(history.EnumerateArray(), row => Assert.Equal((Pod, uid), (row.GetProperty("name").GetString(), row.GetProperty("podId").GetString())));
        var times = history.EnumerateArray().Select(r => r.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Theory, BothProviders]
    public async Task History_RoleRestartsOnSameDatabase_NoDuplicateRows(DatabaseProvider provider)
    {
        var api = await FakeKubernetesApi.StartAsync();
        await using var _ = api;
        api.Seed(Fixtures.All());
        var storage = await servers.CreateStorageAsync(provider);
        var kubeConfig = api.WriteKubeConfig(storage.DataDirectory);
        int rows;
        await using (var first = await ClusterPlatform.StartAsync(storage, kubeConfig))
        {
            var history = await first.WaitForAsync("/api/cluster/pods/history", h => h.GetArrayLength() == 15, "one row per fixture pod");
            rows = history.GetArrayLength();
        }

        // While the role is down one pod changes and one is deleted: the next list records exactly those two.
        api.Update("pods", "shop", "api-5f8d9c7b6d-p7r8s", p => PodEdits.Waiting(p, "ErrImagePull"));
        api.Delete("pods", "shop", "reports-8d7f6c5b4-n3m4p");
        await using var second = await ClusterPlatform.StartAsync(storage, kubeConfig);
        await second.WaitForStatusAsync("/healthz/ready", 200);

        var after = await second.WaitForAsync("/api/cluster/pods/history", h => h.GetArrayLength() >= rows + 2, "changes while down recorded");
        var added = after.EnumerateArray().Skip(rows).Select(r => (r.GetProperty("name").GetString(), r.GetProperty("status").GetString())).ToList();
        Assert.Equal([("api-5f8d9c7b6d-p7r8s", "ErrImagePull"), ("reports-8d7f6c5b4-n3m4p", "Deleted")], added.OrderBy(a => a.Item1));
        await Task.Delay(500); // a late duplicate would show up within the recorder's next batch
        Assert.Equal(rows + 2, (await second.GetJsonAsync("/api/cluster/pods/history")).GetArrayLength());
    }

    [Theory, BothProviders]
    public async Task Retention_RowsOlderThanSetting_Removed(DatabaseProvider provider)
    {
        await using var cluster = await ClusterFixture.StartAsync(servers, provider);
        var services = cluster.Platform.App.Services;
        var store = services.GetRequiredService<PodHistoryStore>();
        var now = DateTimeOffset.UtcNow;
        await store.InsertAsync(
        [
            new PodHistoryRow("shop", "old-pod", "u-old", "Running", "worker-1", now.AddDays(-31)),
            new PodHistoryRow("shop", "recent-pod", "u-recent", "Running", "worker-1", now.AddDays(-29)),
        ], CancellationToken.None);

        var removed = await services.GetRequiredService<PodHistoryRetention>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(0, (await cluster.Platform.GetJsonAsync("/api/cluster/pods/history?pod=old-pod")).GetArrayLength());
        Assert.Equal(1, (await cluster.Platform.GetJsonAsync("/api/cluster/pods/history?pod=recent-pod")).GetArrayLength());
    }

    [Theory]
    [InlineData("since=yesterday")]
    [InlineData("since=5w")]
    [InlineData("limit=0")]
    [InlineData("limit=10001")]
    public async Task History_BadQuery_ValidationProblem(string query)
    {
        await using var cluster = await ClusterFixture.StartAsync(servers);

        using var response = await cluster.Platform.Client.GetAsync($"/api/cluster/pods/history?{query}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task History_SinceLookBack_OnlyNewerRows()
    {
        await using var cluster = await ClusterFixture.StartAsync(servers);
        var store = cluster.Platform.App.Services.GetRequiredService<PodHistoryStore>();
        await store.InsertAsync([new PodHistoryRow("shop", "earlier", "u-e", "Running", null, DateTimeOffset.UtcNow.AddHours(-3))], CancellationToken.None);

        var lastHour = await cluster.Platform.GetJsonAsync("/api/cluster/pods/history?since=2h");
        var all = await cluster.Platform.GetJsonAsync("/api/cluster/pods/history?since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O")));

        Assert.DoesNotContain(lastHour.EnumerateArray(), r => r.GetProperty("name").GetString() == "earlier");
        Assert.Contains(all.EnumerateArray(), r => r.GetProperty("name").GetString() == "earlier");
    }

    private static List<(string?, string?)> Transitions(JsonElement history) =>
        [.. history.EnumerateArray().Select(r => (r.GetProperty("status").GetString(), r.GetProperty("node").GetString()))];
}
