using System.Text.Json;
using System.Text.Json.Nodes;
using EndpointStats.Cluster.Kube;
using EndpointStats.Cluster.Views;

namespace EndpointStats.Cluster.Tests;

public sealed class PodStatusTests
{
    public static TheoryData<string, string, string, int> Pods => ExpectedStatuses.Pods;

    [Theory, MemberData(nameof(Pods))]
    public void Of_FixturePod_PrintsLikeKubectl(string name, string status, string ready, int restarts)
    {
        var view = PodView.From(Parse(Fixtures.Pod(name)));

        Assert.Equal((status, ready, restarts), (view.Status, view.Ready, view.Restarts));
    }

    [Fact]
    public void Of_RunningSidecarInitContainer_CountsInReadyAndTotal()
    {
        var pod = Fixtures.Pod("web-7c5ddbdf54-2xkqp");
        pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "log-shipper", ["image"] = "fluent/fluent-bit:3.1", ["restartPolicy"] = "Always" });
        pod["status"]!["initContainerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "log-shipper", ["image"] = "fluent/fluent-bit:3.1", ["imageID"] = "", ["ready"] = true, ["restartCount"] = 2, ["started"] = true,
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-20T08:00:04Z" } },
        });

        var view = PodView.From(Parse(pod));

        Assert.Equal(("Running", "2/2", 2), (view.Status, view.Ready, view.Restarts));
    }

    [Fact]
    public void Of_InitContainerExitedWithoutReason_PrintsExitCode()
    {
        var pod = Fixtures.Pod("db-seed-7d8f6c9b5-h6j8k");
        pod["status"]!["initContainerStatuses"]![0]!["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 3 } };

        Assert.Equal("Init:ExitCode:3", PodView.From(Parse(pod)).Status);
    }

    [Fact]
    public void From_ReplicaSetPod_KeepsOwnerNodeAndIp()
    {
        var view = PodView.From(Parse(Fixtures.Pod("web-7c5ddbdf54-2xkqp")));

        Assert.Equal(("web-7c5ddbdf54", "7c5ddbdf54", "worker-1", "10.244.1.12"), (view.ReplicaSet, view.TemplateHash, view.Node, view.Ip));
    }

    private static Pod Parse(JsonObject pod) => JsonSerializer.Deserialize(pod.ToJsonString(), KubeJsonContext.Default.Pod)!;
}
