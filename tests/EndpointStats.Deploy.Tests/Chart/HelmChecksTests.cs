namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>helm itself: lint --strict and template for every values file, and the schema's rejections.</summary>
public sealed class HelmChecksTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Lint_Strict_Passes(string valuesFile)
    {
        var (code, stdout, stderr) = await Helm.RunAsync("lint", "--strict", Repo.ChartDirectory, "-f", Path.Combine(Repo.ChartDirectory, valuesFile));

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("0 chart(s) failed", stdout);
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Template_Renders_WorkloadsForEveryRole(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        var deployments = chart.All<V1Deployment>().Select(d => d.Metadata.Name).Order();
        Assert.Equal(Roles.All.Select(RenderedChart.Name).Order(), deployments);
    }

    [Theory]
    [InlineData("bogus=1", "additional properties 'bogus'")]
    [InlineData("roles.gateway.replicas=2", "additional properties 'replicas'")]
    [InlineData("image.tag=latest", "/image/tag")]
    [InlineData("settings.Identity__SigningKey=x", "Identity__SigningKey")]
    [InlineData("roles.gateway.env.DB_PASSWORD=x", "DB_PASSWORD")]
    [InlineData("roles.cluster.rbac.rules[0].verbs={create}", "verbs")]
    [InlineData("rateLimiting.rules.default.limits[0].permited=5", "permited")]
    public async Task Schema_RejectsUnknownOrUnsafeValues(string setting, string expected)
    {
        var (code, _, stderr) = await Helm.RunAsync("template", Helm.Release, Repo.ChartDirectory, "--set", setting);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task Template_NewRoleInValues_GetsTheWholeSetOfObjects()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml", "--set", "roles.reports.enabled=true", "--set", "roles.reports.serviceKey=Reports",
            "--set", "roles.reports.uses.database=true");
        var name = RenderedChart.Name("reports");

        foreach (var kind in new[] { "Deployment", "Service", "ServiceAccount", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy" })
        {
            Assert.Contains(chart.OfKind(kind), o => o.Name == name);
        }

        var gatewayEnv = chart.Get<V1Deployment>(RenderedChart.Name("gateway")).Spec.Template.Spec.Containers[0].Env;
        Assert.Contains(gatewayEnv, e => e.Name == "Services__Reports__Url" && e.Value == $"http://{name}:8080");
    }

    [Fact]
    public async Task InstallDryRun_Notes_SayHowToReachApiAndDashboards()
    {
        foreach (var (values, expected) in new[] { ("values.yaml", "port-forward svc/es-endpoint-stats-gateway 8080:8080"), ("values-prod.yaml", "https://api.example.com/") })
        {
            var (code, stdout, stderr) = await Helm.RunAsync("install", Helm.Release, Repo.ChartDirectory, "--dry-run=client", "-n", Helm.Namespace,
                "-f", Path.Combine(Repo.ChartDirectory, values));

            Assert.True(code == 0, stderr);
            var notes = stdout[stdout.IndexOf("NOTES:", StringComparison.Ordinal)..];
            Assert.Contains(expected, notes);
            Assert.Contains("Dashboards:", notes);
            Assert.Contains("/metrics", notes);
        }
    }
}
