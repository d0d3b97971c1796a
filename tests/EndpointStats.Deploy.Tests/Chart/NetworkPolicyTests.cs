namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>Default deny for the release, DNS, and only the paths the architecture needs.</summary>
public sealed class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task DefaultDeny_CoversEveryPodOfTheRelease_AndDnsIsAllowed(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var policies = chart.All<V1NetworkPolicy>().ToList();

        var deny = Assert.Single(policies, p => p.Spec.Ingress is null && p.Spec.Egress is null && p.Spec.PolicyTypes.Order().SequenceEqual(["Egress", "Ingress"]));
        var dns = Assert.Single(policies, p => p.Spec.Egress?.Any(e => e.Ports?.Any(port => port.Port.Value == "53" && port.Protocol == "UDP") == true) == true);
        foreach (var pod in chart.PodTemplates)
        {
            Assert.True(WorkloadTests.Selects(deny.Spec.PodSelector, pod.Labels), $"{pod.Id} escapes the default deny");
            Assert.True(WorkloadTests.Selects(dns.Spec.PodSelector, pod.Labels), $"{pod.Id} cannot resolve names");
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryWorkload_IsSelectedByASpecificPolicy(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var specific = chart.All<V1NetworkPolicy>()
            .Where(p => p.Spec.PodSelector.MatchLabels?.ContainsKey("app.kubernetes.io/component") == true || p.Spec.PodSelector.MatchExpressions?.Count > 0)
            .ToList();

        foreach (var pod in chart.PodTemplates)
        {
            Assert.Contains(specific, p => Matches(p.Spec.PodSelector, pod.Labels));
        }

        // And no policy is dead: each one selects at least one pod the chart starts.
        foreach (var policy in chart.All<V1NetworkPolicy>())
        {
            Assert.Contains(chart.PodTemplates, pod => Matches(policy.Spec.PodSelector, pod.Labels));
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Ingress_GatewayFromIngressController_RolesFromGatewayOnly_MetricsFromPrometheus(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var role in Roles.All)
        {
            var policy = chart.Get<V1NetworkPolicy>(RenderedChart.Name(role));
            var peers = policy.Spec.Ingress.SelectMany(r => r.FromProperty).ToList();
            Assert.All(policy.Spec.Ingress, r => Assert.Equal(["8080"], r.Ports.Select(p => p.Port.Value)));
            Assert.Contains(peers, p => p.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"] == "monitoring");
            if (role == "gateway")
            {
                Assert.Contains(peers, p => p.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"] == "ingress-nginx");
            }
            else
            {
                Assert.Equal(2, peers.Count);
                Assert.Contains(peers, p => p.PodSelector?.MatchLabels?["app.kubernetes.io/component"] == "gateway" && p.NamespaceSelector is null);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Egress_OnlyToTheStoresARoleUses_AndClusterToTheApiServer(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var role in Roles.All)
        {
            var egress = chart.Get<V1NetworkPolicy>(RenderedChart.Name(role)).Spec.Egress ?? [];
            var ports = egress.SelectMany(e => e.Ports).Select(p => p.Port.Value).ToHashSet();
            Assert.Equal(Roles.UsingDatabase.Contains(role), ports.Contains("5432"));
            Assert.Equal(Roles.UsingRedis.Contains(role), ports.Contains("6379"));
            Assert.Equal(role == "cluster", ports.Contains("443"));
            Assert.Equal(role == "gateway", ports.Contains("8080"));
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Stores_AcceptOnlyTheirLabelledClients_AndEveryClientCarriesTheLabel(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var (store, port, users) in new[] { ("postgresql", "5432", Roles.UsingDatabase.Append("migrate").Append("backup")), ("redis", "6379", Roles.UsingRedis) })
        {
            var policy = chart.Get<V1NetworkPolicy>(RenderedChart.Name(store));
            var rule = Assert.Single(policy.Spec.Ingress);
            Assert.Equal([port], rule.Ports.Select(p => p.Port.Value));
            var peer = Assert.Single(rule.FromProperty);
            Assert.Null(peer.NamespaceSelector);
            Assert.Empty(policy.Spec.Egress);
            var clients = chart.PodTemplates.Where(p => WorkloadTests.Selects(peer.PodSelector, p.Labels)).Select(p => p.Labels["app.kubernetes.io/component"]).ToHashSet();
            Assert.Equal(users.Order(), clients.Order());
        }
    }

    private static bool Matches(V1LabelSelector selector, IDictionary<string, string> labels) =>
        WorkloadTests.Selects(new V1LabelSelector { MatchLabels = selector.MatchLabels ?? new Dictionary<string, string>() }, labels)
        && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            _ => false,
        });
}
