namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>What kubeconform checks: every object is a known, current kind whose fields all exist in its model.</summary>
public sealed class ModelTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryObject_DeserialisesStrictlyIntoItsModel_OrIsAKnownCustomResource(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.NotEmpty(chart.Objects);
        foreach (var o in chart.Objects)
        {
            var key = $"{o.ApiVersion}/{o.Kind}";
            Assert.True(KindModels.Core.ContainsKey(key) || KindModels.CustomResources.Contains(key), $"{o.Id}: {key} is not a current API version");
            if (KindModels.Core.TryGetValue(key, out var type))
            {
                Assert.IsType(type, o.Model);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EveryObject_IsNamespacedToTheReleaseAndLabelled(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var o in chart.Objects.Where(o => o.Kind != "Namespace"))
        {
            Assert.Equal(Helm.Namespace, o.Raw["metadata"]?["namespace"]?.ToString());
            Assert.Equal(Helm.Release, o.Labels["app.kubernetes.io/instance"]);
            Assert.Equal("endpoint-stats", o.Labels["app.kubernetes.io/part-of"]);
            Assert.True(o.Name.Length <= 63, $"{o.Id}: name longer than 63 characters");
        }

        Assert.Equal(chart.Objects.Count, chart.Objects.Select(o => (o.Kind, o.Name)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Labels_AreValidKubernetesLabels(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var labels = chart.Objects.SelectMany(o => o.Labels).Concat(chart.PodTemplates.SelectMany(p => p.Labels));

        foreach (var (key, value) in labels)
        {
            Assert.Matches(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", key);
            Assert.Matches(@"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$", value);
        }
    }

    [Fact]
    public async Task Template_MisspeltField_FailsTheStrictModelCheck()
    {
        var chart = await Helm.RenderAsync("values.yaml");
        var deployment = chart.OfKind("Deployment").First();
        var broken = deployment.Yaml.Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal);

        RenderedChart.Parse(deployment.Yaml);
        var error = Assert.ThrowsAny<Exception>(() => RenderedChart.Parse(broken));
        Assert.Contains("readinesProbe", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task CustomResources_HaveTheirRequiredFields(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var o in chart.Objects.Where(o => KindModels.CustomResources.Contains($"{o.ApiVersion}/{o.Kind}")))
        {
            var spec = o.Raw["spec"]!.AsObject();
            switch (o.Kind)
            {
                case "Issuer":
                    Assert.True(spec.ContainsKey("selfSigned") || spec["ca"]?["secretName"] is not null, o.Id);
                    break;
                case "Certificate":
                    Assert.False(string.IsNullOrEmpty(spec["secretName"]?.ToString()), o.Id);
                    Assert.NotNull(spec["issuerRef"]?["name"]);
                    Assert.Contains(spec["issuerRef"]?["kind"]?.ToString(), new[] { "Issuer", "ClusterIssuer" });
                    break;
                case "PrometheusRule":
                    Assert.All(spec["groups"]!.AsArray(), g => Assert.NotEmpty(g!["rules"]!.AsArray()));
                    break;
                case "ServiceMonitor":
                    Assert.NotEmpty(spec["selector"]!["matchLabels"]!.AsObject());
                    Assert.Equal("/metrics", spec["endpoints"]![0]!["path"]!.ToString());
                    break;
            }
        }
    }
}
