namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>One ServiceAccount per role; only the cluster role talks to the Kubernetes API, read-only and namespaced.</summary>
public sealed class RbacTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task ServiceAccounts_OnePerRole_TokenOnlyForTheClusterRole(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var role in Roles.All)
        {
            var account = chart.Get<V1ServiceAccount>(RenderedChart.Name(role));
            var pod = chart.Get<V1Deployment>(RenderedChart.Name(role)).Spec.Template.Spec;
            Assert.Equal(account.Metadata.Name, pod.ServiceAccountName);
            Assert.Equal(role == "cluster", account.AutomountServiceAccountToken);
            Assert.Equal(role == "cluster", pod.AutomountServiceAccountToken);
        }

        Assert.All(chart.PodTemplates.Where(p => p.OwnerKind != "Deployment"), p => Assert.False(p.Spec.AutomountServiceAccountToken));
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Rbac_NoWildcards_NoClusterScope_ClusterRoleReadsOnlyWhatItShows(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        var role = Assert.Single(chart.All<V1Role>());
        foreach (var rule in role.Rules)
        {
            Assert.DoesNotContain("*", rule.ApiGroups.Concat(rule.Resources).Concat(rule.Verbs));
            Assert.Equal(["get", "list", "watch"], rule.Verbs.Order());
        }

        var granted = role.Rules.SelectMany(r => r.ApiGroups.SelectMany(g => r.Resources.Select(res => $"{g}/{res}"))).Order();
        Assert.Equal(["/events", "/pods", "apps/deployments", "apps/replicasets"], granted);

        var binding = Assert.Single(chart.All<V1RoleBinding>());
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
        Assert.Equal("Role", binding.RoleRef.Kind);
        Assert.Equal(RenderedChart.Name("cluster"), Assert.Single(binding.Subjects).Name);
    }

    [Fact]
    public async Task ClusterRole_WatchingSeveralNamespaces_GetsAReadOnlyRoleInEach()
    {
        var chart = await Helm.RenderAsync("values.yaml", "--set", "roles.cluster.namespaces={shop,endpoint-stats}");

        var env = chart.Get<V1Deployment>(RenderedChart.Name("cluster")).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(["shop", "endpoint-stats"], env.Where(e => e.Name.StartsWith("Cluster__Namespaces__", StringComparison.Ordinal)).Select(e => e.Value));
        Assert.Equal(["endpoint-stats", "shop"], chart.All<V1Role>().Select(r => r.Metadata.NamespaceProperty).Order());
        foreach (var binding in chart.All<V1RoleBinding>())
        {
            var subject = Assert.Single(binding.Subjects);
            Assert.Equal((RenderedChart.Name("cluster"), Helm.Namespace), (subject.Name, subject.NamespaceProperty));
        }
    }
}
