using System.Text.Json.Nodes;
using EndpointStats.Cluster.Testing;

namespace ClusterBench;

/// <summary>A large namespace built from the fixtures: deployments, their replica sets, and pods in a realistic mix of statuses.</summary>
internal static class BenchObjects
{
    public static IEnumerable<JsonObject> Deployments(int count) => Enumerable.Range(0, count).SelectMany(i =>
    {
        var name = $"svc-{i:D3}";
        var deployment = Fixtures.Deployment("web");
        deployment["metadata"]!["name"] = name;
        deployment["metadata"]!["uid"] = Guid.NewGuid().ToString();
        var replicaSet = Fixtures.ReplicaSet("web-7c5ddbdf54");
        replicaSet["metadata"]!["name"] = $"{name}-{Hash(i)}";
        replicaSet["metadata"]!["uid"] = Guid.NewGuid().ToString();
        replicaSet["metadata"]!["ownerReferences"]![0]!["name"] = name;
        return new[] { deployment, replicaSet };
    });

    public static IEnumerable<JsonObject> Pods(int count, int deployments)
    {
        var crashing = Fixtures.Pod("api-5f8d9c7b6d-k2j4h");
        var pending = Fixtures.Pod("reports-8d7f6c5b4-n3m4p");
        var running = Fixtures.Pod("web-7c5ddbdf54-2xkqp");
        for (var i = 0; i < count; i++)
        {
            // Mostly running, as in a healthy namespace; one in twenty crashing, one in fifty pending.
            var pod = (i % 50 == 0 ? pending : i % 20 == 0 ? crashing : running).DeepClone().AsObject();
            var owner = i % deployments;
            var metadata = pod["metadata"]!;
            metadata["name"] = PodName(i, deployments);
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["labels"]!["pod-template-hash"] = Hash(owner);
            metadata["ownerReferences"]![0]!["name"] = $"svc-{owner:D3}-{Hash(owner)}";
            yield return pod;
        }
    }

    public static string PodName(int i, int deployments) => $"svc-{i % deployments:D3}-{Hash(i % deployments)}-{i:x5}";

    private static string Hash(int i) => $"{(uint)(i * 2654435761u):x8}"[..8] + "b4";

    public static JsonObject Status(JsonObject pod, string reason)
    {
        pod["status"]!["containerStatuses"]![0]!["state"] = reason == "Running"
            ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") } }
            : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } };
        pod["status"]!["containerStatuses"]![0]!["ready"] = reason == "Running";
        return pod;
    }
}
