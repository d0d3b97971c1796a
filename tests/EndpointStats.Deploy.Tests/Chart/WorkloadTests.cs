namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>What kube-score checks on workloads: probes, resources, image tags, replicas and their budgets.</summary>
public sealed class WorkloadTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryContainer_HasCpuAndMemoryRequestsAndMemoryLimit(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var pod in chart.PodTemplates)
        {
            foreach (var container in pod.AllContainers)
            {
                var resources = container.Resources;
                Assert.True(resources?.Requests?.ContainsKey("cpu") == true, $"{pod.Id}/{container.Name}: cpu request");
                Assert.True(resources.Requests.ContainsKey("memory"), $"{pod.Id}/{container.Name}: memory request");
                Assert.True(resources.Limits?.ContainsKey("memory") == true, $"{pod.Id}/{container.Name}: memory limit");
                Assert.True(resources.Limits["memory"].ToDecimal() >= resources.Requests["memory"].ToDecimal(), $"{pod.Id}/{container.Name}: limit below request");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryImage_IsTaggedWithAPinnedVersion(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var appVersion = ChartFile.AppVersion;

        foreach (var container in chart.PodTemplates.SelectMany(p => p.AllContainers))
        {
            var image = container.Image;
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.Matches(@"^\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$", tag);
            if (image.StartsWith("endpoint-stats:", StringComparison.Ordinal))
            {
                Assert.Equal(appVersion, tag);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task RoleContainers_HaveStartupLivenessAndReadinessProbes_OnTheHealthEndpoints(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var deployment in chart.All<V1Deployment>())
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal("/healthz/live", container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal("/healthz/ready", container.ReadinessProbe?.HttpGet?.Path);
            Assert.NotNull(container.StartupProbe);
            foreach (var probe in new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe })
            {
                Assert.Equal(8080, ContainerPorts.Resolve(container, probe!.HttpGet.Port));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryLongRunningContainer_HasDistinctLivenessAndReadinessProbes(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var pod in chart.PodTemplates.Where(p => p.OwnerKind is "Deployment" or "StatefulSet"))
        {
            foreach (var container in pod.Spec.Containers)
            {
                Assert.True(container.LivenessProbe is not null && container.ReadinessProbe is not null, $"{pod.Id}/{container.Name}: probes");
                Assert.NotEqual(KubernetesJsonOf(container.LivenessProbe), KubernetesJsonOf(container.ReadinessProbe));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task WorkloadSelectors_MatchTheirPodTemplates(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var (selector, template, name) in chart.All<V1Deployment>().Select(d => (d.Spec.Selector, d.Spec.Template, d.Metadata.Name))
            .Concat(chart.All<V1StatefulSet>().Select(s => (s.Spec.Selector, s.Spec.Template, s.Metadata.Name))))
        {
            Assert.True(Selects(selector, template.Metadata.Labels), $"{name}: selector does not match its pods");
            Assert.DoesNotContain("app.kubernetes.io/version", selector.MatchLabels.Keys); // selectors are immutable
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Hpas_TargetExistingDeploymentsWithoutFixedReplicas(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var hpa in chart.All<V2HorizontalPodAutoscaler>())
        {
            Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
            var target = chart.Get<V1Deployment>(hpa.Spec.ScaleTargetRef.Name);
            Assert.Null(target.Spec.Replicas);
            Assert.True(hpa.Spec.MinReplicas <= hpa.Spec.MaxReplicas, hpa.Metadata.Name);
            Assert.NotEmpty(hpa.Spec.Metrics);
            Assert.All(target.Spec.Template.Spec.Containers, c => Assert.True(c.Resources.Requests.ContainsKey("cpu")));
        }
    }

    [Fact]
    public async Task Prod_EveryDeployment_HasTwoOrMoreReplicas_AnHpa_APdbBelowTheHpaMinimum_AndTopologySpread()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml");
        var hpas = chart.All<V2HorizontalPodAutoscaler>().ToList();
        var pdbs = chart.All<V1PodDisruptionBudget>().ToList();

        foreach (var deployment in chart.All<V1Deployment>())
        {
            var name = deployment.Metadata.Name;
            var hpa = Assert.Single(hpas, h => h.Spec.ScaleTargetRef.Name == name);
            Assert.True(hpa.Spec.MinReplicas >= 2, $"{name}: HPA minimum {hpa.Spec.MinReplicas}");
            var pdb = Assert.Single(pdbs, p => Selects(p.Spec.Selector, deployment.Spec.Template.Metadata.Labels));
            Assert.True(int.Parse(pdb.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture) < hpa.Spec.MinReplicas, $"{name}: PDB minAvailable must stay below the HPA minimum or no node can drain");
            Assert.Equal(2, deployment.Spec.Template.Spec.TopologySpreadConstraints?.Count);
            Assert.True(deployment.Spec.Template.Spec.Containers[0].Resources.Requests["memory"].ToDecimal() >= 256 * 1024 * 1024);
        }
    }

    [Fact]
    public async Task Dev_EveryDeployment_RunsOneReplicaWithSmallResources()
    {
        var chart = await Helm.RenderAsync("values-dev.yaml");

        Assert.Empty(chart.All<V2HorizontalPodAutoscaler>());
        Assert.Empty(chart.All<V1PodDisruptionBudget>());
        foreach (var deployment in chart.All<V1Deployment>())
        {
            Assert.Equal(1, deployment.Spec.Replicas);
            Assert.True(deployment.Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToDecimal() <= 256 * 1024 * 1024);
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task SharedImageVolume_IsReadWriteManyWhenImagesRunsMoreThanOnce(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var images = chart.Get<V1Deployment>(RenderedChart.Name("images"));
        var claim = chart.Get<V1PersistentVolumeClaim>(RenderedChart.Name("images"));
        var scaled = images.Spec.Replicas is null or > 1;

        Assert.Contains(scaled ? "ReadWriteMany" : "ReadWriteOnce", claim.Spec.AccessModes);
        var env = images.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "Images__Directory").Value;
        var mount = images.Spec.Template.Spec.Containers[0].VolumeMounts.Single(m => m.MountPath == env);
        Assert.Equal(claim.Metadata.Name, images.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName);
    }

    [Fact]
    public async Task Quota_Prod_CoversEveryPodAtItsMaximumScale()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml");
        var quota = Assert.Single(chart.All<V1ResourceQuota>());
        var maxReplicas = chart.All<V2HorizontalPodAutoscaler>().ToDictionary(h => h.Spec.ScaleTargetRef.Name, h => h.Spec.MaxReplicas);

        decimal cpu = 0, memory = 0;
        foreach (var pod in chart.PodTemplates.Where(p => p.OwnerKind is "Deployment" or "StatefulSet"))
        {
            // One extra pod per workload: the surge of a rolling update.
            var count = maxReplicas.GetValueOrDefault(pod.OwnerName, 1) + 1;
            cpu += count * pod.Spec.Containers.Sum(c => c.Resources.Requests["cpu"].ToDecimal());
            memory += count * pod.Spec.Containers.Sum(c => c.Resources.Requests["memory"].ToDecimal());
        }

        Assert.True(quota.Spec.Hard["requests.cpu"].ToDecimal() >= cpu, $"quota cpu {quota.Spec.Hard["requests.cpu"]} < {cpu}");
        Assert.True(quota.Spec.Hard["requests.memory"].ToDecimal() >= memory, $"quota memory below {memory}");
        Assert.Single(chart.All<V1LimitRange>());
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Quota_CoversEveryClaimTheChartMakes(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var hard = Assert.Single(chart.All<V1ResourceQuota>()).Spec.Hard;
        var claims = chart.All<V1PersistentVolumeClaim>().Select(c => c.Spec)
            .Concat(chart.All<V1StatefulSet>().SelectMany(s => s.Spec.VolumeClaimTemplates.Select(t => t.Spec))).ToList();

        Assert.True(hard["persistentvolumeclaims"].ToDecimal() >= claims.Count);
        Assert.True(hard["requests.storage"].ToDecimal() >= claims.Sum(c => c.Resources.Requests["storage"].ToDecimal()));
    }

    internal static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static string KubernetesJsonOf(object? value) => k8s.KubernetesJson.Serialize(value);
}
