namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>
/// apiVersion/kind → KubernetesClient model. Only current, non-deprecated API versions are listed, so an
/// object rendered with any other version fails the model check. CRDs (cert-manager, Prometheus Operator)
/// have no model and are checked field by field.
/// </summary>
internal static class KindModels
{
    public static IReadOnlyDictionary<string, Type> Core { get; } = new Dictionary<string, Type>
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        ["v1/ResourceQuota"] = typeof(V1ResourceQuota),
        ["v1/LimitRange"] = typeof(V1LimitRange),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["batch/v1/Job"] = typeof(V1Job),
        ["batch/v1/CronJob"] = typeof(V1CronJob),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["networking.k8s.io/v1/Ingress"] = typeof(V1Ingress),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
    };

    public static IReadOnlySet<string> CustomResources { get; } = new HashSet<string>
    {
        "cert-manager.io/v1/Issuer",
        "cert-manager.io/v1/Certificate",
        "monitoring.coreos.com/v1/ServiceMonitor",
        "monitoring.coreos.com/v1/PrometheusRule",
    };
}
