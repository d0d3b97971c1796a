using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Views;

public sealed record DeploymentCondition(string Type, string Status, string? Reason, string? Message, DateTimeOffset? LastUpdate);

/// <summary>What the cache keeps of a deployment: the columns of <c>kubectl get deployments -o wide</c> and its conditions.</summary>
public sealed record DeploymentView(
    string Name,
    string Uid,
    int Replicas,
    int Ready,
    int Available,
    int Updated,
    IReadOnlyList<string> Images,
    IReadOnlyList<DeploymentCondition> Conditions,
    DateTimeOffset? CreatedAt)
{
    public static DeploymentView From(Deployment deployment)
    {
        var status = deployment.Status;
        return new DeploymentView(
            deployment.Metadata?.Name ?? "",
            deployment.Metadata?.Uid ?? "",
            deployment.Spec?.Replicas ?? 1, // the API server's default when the field is omitted
            status?.ReadyReplicas ?? 0,
            status?.AvailableReplicas ?? 0,
            status?.UpdatedReplicas ?? 0,
            deployment.Spec?.Template?.Spec?.Containers?.Select(c => c.Image ?? "").ToArray() ?? [],
            status?.Conditions?.Select(c => new DeploymentCondition(
                c.Type ?? "", c.Status ?? "", c.Reason, c.Message, ObjectTime.Utc(c.LastUpdateTime ?? c.LastTransitionTime))).ToArray() ?? [],
            ObjectTime.Utc(deployment.Metadata?.CreationTimestamp));
    }
}
