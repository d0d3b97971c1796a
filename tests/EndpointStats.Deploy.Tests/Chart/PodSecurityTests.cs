namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>Pod Security Standards "restricted" on every pod the chart can start, init containers included.</summary>
public sealed class PodSecurityTests
{
    private static readonly string[] RestrictedVolumeTypes = ["ConfigMap", "EmptyDir", "PersistentVolumeClaim", "Secret", "Projected", "DownwardAPI", "Csi", "Ephemeral"];

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryPod_MeetsRestrictedAtPodLevel(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.NotEmpty(chart.PodTemplates);
        foreach (var pod in chart.PodTemplates)
        {
            var context = pod.Spec.SecurityContext;
            Assert.True(context?.RunAsNonRoot == true, $"{pod.Id}: runAsNonRoot");
            Assert.True(context!.RunAsUser > 0, $"{pod.Id}: runAsUser must be a non-zero id");
            Assert.Equal("RuntimeDefault", context.SeccompProfile?.Type);
            Assert.NotEqual(true, pod.Spec.HostNetwork);
            Assert.NotEqual(true, pod.Spec.HostPID);
            Assert.NotEqual(true, pod.Spec.HostIPC);
            foreach (var volume in pod.Spec.Volumes ?? [])
            {
                var types = typeof(V1Volume).GetProperties().Where(p => p.Name != "Name" && p.GetValue(volume) is not null).Select(p => p.Name).ToList();
                Assert.True(types.Count == 1 && RestrictedVolumeTypes.Contains(types[0]), $"{pod.Id}: volume {volume.Name} is {string.Join(",", types)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryContainer_MeetsRestricted_WithReadOnlyRootAndTmpVolume(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var pod in chart.PodTemplates)
        {
            foreach (var container in pod.AllContainers)
            {
                var id = $"{pod.Id}/{container.Name}";
                var context = container.SecurityContext;
                Assert.True(context is not null, $"{id}: no securityContext");
                Assert.True(context.AllowPrivilegeEscalation == false, $"{id}: allowPrivilegeEscalation");
                Assert.NotEqual(true, context.Privileged);
                Assert.Equal(["ALL"], context.Capabilities?.Drop ?? []);
                Assert.True(context.Capabilities?.Add is null or { Count: 0 }, $"{id}: adds capabilities");
                Assert.True(context.RunAsNonRoot == true, $"{id}: runAsNonRoot");
                Assert.True(context.RunAsUser is null or > 0, $"{id}: runAsUser 0");
                Assert.Equal("RuntimeDefault", context.SeccompProfile?.Type);
                Assert.True(context.ReadOnlyRootFilesystem == true, $"{id}: readOnlyRootFilesystem");

                var tmp = Assert.Single(container.VolumeMounts ?? [], m => m.MountPath == "/tmp");
                Assert.NotNull(Assert.Single(pod.Spec.Volumes, v => v.Name == tmp.Name).EmptyDir);
            }
        }
    }

    [Fact]
    public async Task Namespace_WhenCreated_EnforcesRestricted()
    {
        var chart = await Helm.RenderAsync("values.yaml", "--set", "namespace.create=true");

        var ns = Assert.Single(chart.All<V1Namespace>());
        Assert.Equal(Helm.Namespace, ns.Metadata.Name);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/warn"]);
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task PlatformPods_WriteOnlyToTmpAndTheDataVolume(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var pod in chart.PodTemplates.Where(p => p.Spec.Containers[0].Image.StartsWith("endpoint-stats:", StringComparison.Ordinal)))
        {
            foreach (var container in pod.AllContainers)
            {
                var writable = (container.VolumeMounts ?? []).Where(m => m.ReadOnlyProperty != true).Select(m => m.MountPath);
                Assert.All(writable, path => Assert.True(path == "/tmp" || path.StartsWith("/var/lib/endpoint-stats", StringComparison.Ordinal), $"{pod.Id}: writes {path}"));
            }
        }
    }
}
