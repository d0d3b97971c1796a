using System.Text.Json.Nodes;

namespace EndpointStats.Cluster.Tests;

/// <summary>The changes the kubelet and the controllers make to pods, applied to fixture copies.</summary>
internal static class PodEdits
{
    /// <summary>A new pod of a replica set, as the replica set controller creates it: unscheduled and without status.</summary>
    public static JsonObject NewPod(string name, string replicaSet, string hash, string image)
    {
        var pod = Fixtures.Pod("web-7c5ddbdf54-2xkqp");
        var metadata = pod["metadata"]!;
        metadata["name"] = name;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        metadata["labels"]!["pod-template-hash"] = hash;
        metadata["ownerReferences"]![0]!["name"] = replicaSet;
        pod["spec"]!["containers"]![0]!["image"] = image;
        pod["spec"]!.AsObject().Remove("nodeName");
        pod["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["qosClass"] = "Burstable",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable" }),
        };
        return pod;
    }

    public static void Schedule(JsonObject pod, string node)
    {
        pod["spec"]!["nodeName"] = node;
        pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" });
        Waiting(pod, "ContainerCreating");
    }

    public static void Waiting(JsonObject pod, string reason, int restarts = 0)
    {
        pod["status"]!["containerStatuses"] = new JsonArray(ContainerStatus(pod, false, restarts, new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } }));
    }

    public static void Running(JsonObject pod, int restarts = 0)
    {
        pod["status"]!["phase"] = "Running";
        pod["status"]!["podIP"] = "10.244.9.9";
        pod["status"]!["containerStatuses"] = new JsonArray(ContainerStatus(pod, true, restarts,
            new JsonObject { ["running"] = new JsonObject { ["startedAt"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") } }));
    }

    public static void Terminating(JsonObject pod)
    {
        pod["metadata"]!["deletionTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        pod["metadata"]!["deletionGracePeriodSeconds"] = 30;
    }

    public static void Label(JsonObject pod, string key, string value) => pod["metadata"]!["labels"]![key] = value;

    private static JsonObject ContainerStatus(JsonObject pod, bool ready, int restarts, JsonObject state) => new()
    {
        ["name"] = pod["spec"]!["containers"]![0]!["name"]!.GetValue<string>(),
        ["image"] = pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>(),
        ["imageID"] = "",
        ["ready"] = ready,
        ["restartCount"] = restarts,
        ["started"] = ready,
        ["state"] = state,
    };
}
