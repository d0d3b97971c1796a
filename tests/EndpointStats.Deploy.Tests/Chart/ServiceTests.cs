namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>Services, StatefulSets, Ingress and certificates fit together.</summary>
public sealed class ServiceTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryService_SelectsPods_AndItsTargetPortsExistOnThem(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var service in chart.All<V1Service>())
        {
            var pods = chart.PodTemplates.Where(p => p.OwnerKind is "Deployment" or "StatefulSet"
                && service.Spec.Selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
            var pod = Assert.Single(pods);
            foreach (var port in service.Spec.Ports)
            {
                Assert.Contains(pod.Spec.Containers, c => ContainerPorts.Resolve(c, port.TargetPort) is not null);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task StatefulSets_HaveHeadlessServicesAndClaims(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.Equal(2, chart.All<V1StatefulSet>().Count());
        foreach (var set in chart.All<V1StatefulSet>())
        {
            var service = chart.Get<V1Service>(set.Spec.ServiceName);
            Assert.Equal("None", service.Spec.ClusterIP);
            Assert.Single(set.Spec.VolumeClaimTemplates);
            Assert.Contains(set.Spec.Template.Spec.Containers[0].VolumeMounts, m => m.Name == set.Spec.VolumeClaimTemplates[0].Metadata.Name);
        }

        var redis = chart.Get<V1StatefulSet>(RenderedChart.Name("redis")).Spec.Template.Spec.Containers[0];
        Assert.Contains("--appendonly yes", string.Join(' ', redis.Command));
    }

    [Theory]
    [InlineData("values-dev.yaml", "Issuer")]
    [InlineData("values-prod.yaml", "ClusterIssuer")]
    public async Task Ingress_RoutesToTheGateway_WithTlsFromCertManager(string valuesFile, string issuerKind)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        var ingress = Assert.Single(chart.All<V1Ingress>());
        Assert.False(string.IsNullOrEmpty(ingress.Spec.IngressClassName));
        var backend = Assert.Single(ingress.Spec.Rules.SelectMany(r => r.Http.Paths)).Backend.Service;
        var service = chart.Get<V1Service>(backend.Name);
        Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name);
        Assert.Equal(RenderedChart.Name("gateway"), backend.Name);

        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(ingress.Spec.Rules.Select(r => r.Host), tls.Hosts);
        var certificate = Assert.Single(chart.OfKind("Certificate"), c => c.Raw["spec"]!["secretName"]!.ToString() == tls.SecretName).Raw["spec"]!;
        Assert.Equal(tls.Hosts, certificate["dnsNames"]!.AsArray().Select(n => n!.ToString()));
        Assert.Equal(issuerKind, certificate["issuerRef"]!["kind"]!.ToString());
        if (issuerKind == "Issuer")
        {
            Assert.Contains(chart.OfKind("Issuer"), i => i.Name == certificate["issuerRef"]!["name"]!.ToString());
            Assert.Contains(chart.OfKind("Issuer"), i => i.Raw["spec"]!.AsObject().ContainsKey("selfSigned"));
        }
        else
        {
            Assert.Equal("letsencrypt-prod", certificate["issuerRef"]!["name"]!.ToString());
            Assert.Empty(chart.OfKind("Issuer"));
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task RolePods_CarryScrapeAnnotations_AndProdHasAServiceMonitorForEveryRole(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var deployment in chart.All<V1Deployment>())
        {
            var annotations = deployment.Spec.Template.Metadata.Annotations;
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal("8080", annotations["prometheus.io/port"]);
            Assert.Equal("/metrics", annotations["prometheus.io/path"]);
        }

        var monitors = chart.OfKind("ServiceMonitor").ToList();
        Assert.Equal(valuesFile == "values-prod.yaml", monitors.Count == 1);
        foreach (var monitor in monitors)
        {
            var selector = monitor.Raw["spec"]!["selector"]!["matchLabels"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());
            var selected = chart.All<V1Service>().Where(s => selector.All(l => s.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
            Assert.Equal(Roles.All.Select(RenderedChart.Name).Order(), selected.Select(s => s.Metadata.Name).Order());
            // job and role labels as in the compose stack, which the alert rules and the dashboard select on.
            var relabel = monitor.Raw["spec"]!["endpoints"]![0]!["relabelings"]!.AsArray();
            Assert.Contains(relabel, r => r!["targetLabel"]!.ToString() == "job" && r["replacement"]!.ToString() == "endpoint-stats");
            Assert.Contains(relabel, r => r!["targetLabel"]!.ToString() == "role");
        }
    }

    [Fact]
    public async Task Prod_ShipsTheComposeStacksAlertRulesAndDashboard()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml");

        var rules = Assert.Single(chart.OfKind("PrometheusRule")).Raw["spec"]!;
        var file = YamlTree.LoadAll(Repo.Read("deploy", "helm", "endpoint-stats", "files", "alerts.yml")).Single()!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(file, rules), "PrometheusRule differs from files/alerts.yml");

        var dashboard = chart.Get<V1ConfigMap>(RenderedChart.Name("dashboard"));
        Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
        var expected = System.Text.Json.Nodes.JsonNode.Parse(Repo.Read("deploy", "helm", "endpoint-stats", "files", "endpoint-stats-dashboard.json"));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, System.Text.Json.Nodes.JsonNode.Parse(dashboard.Data["endpoint-stats.json"])));
        Assert.Empty((await Helm.RenderAsync("values.yaml")).OfKind("PrometheusRule"));
    }
}
