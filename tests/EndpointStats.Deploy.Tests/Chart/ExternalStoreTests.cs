namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>Managed PostgreSQL and Redis replace the bundled StatefulSets without a password in values.</summary>
public sealed class ExternalStoreTests
{
    internal static readonly string[] ExternalStores =
    [
        "--set", "postgresql.external.url=postgresql://endpointstats@db.internal:6432/endpointstats?sslmode=require",
        "--set", "postgresql.external.existingSecret=rds-credentials",
        "--set", "redis.external.url=cache.internal:6380\\,ssl=true",
        "--set", "redis.external.existingSecret=cache-credentials",
    ];

    [Fact]
    public async Task ExternalStores_ReplaceTheStatefulSets_AndConnectWithSecretReferences()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml", ExternalStores);

        Assert.Empty(chart.All<V1StatefulSet>());
        var env = chart.Get<V1Deployment>(RenderedChart.Name("identity")).Spec.Template.Spec.Containers[0].Env.ToList();
        // Npgsql takes the password from PGPASSWORD, so it never has to be escaped into the URL.
        Assert.Equal("postgresql://endpointstats@db.internal:6432/endpointstats?sslmode=require", env.Single(e => e.Name == "DATABASE_URL").Value);
        Assert.Equal("cache.internal:6380,ssl=true,password=$(REDIS_PASSWORD),abortConnect=false", env.Single(e => e.Name == "ConnectionStrings__Redis").Value);
        // $(VAR) only expands variables defined earlier in the list.
        Assert.True(env.FindIndex(e => e.Name == "REDIS_PASSWORD") < env.FindIndex(e => e.Name == "ConnectionStrings__Redis"));
        Assert.Equal("rds-credentials", env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.Equal("cache-credentials", env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public async Task ExternalStores_NetworkPoliciesAllowTheirPorts()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml", ExternalStores);

        var identity = chart.Get<V1NetworkPolicy>(RenderedChart.Name("identity")).Spec.Egress.SelectMany(e => e.Ports).Select(p => p.Port.Value);
        Assert.Contains("6432", identity);
        Assert.Contains("6380", identity);
        var jobs = chart.Get<V1NetworkPolicy>(RenderedChart.Name("jobs")).Spec.Egress.SelectMany(e => e.Ports).Select(p => p.Port.Value);
        Assert.Equal(["6432"], jobs);
    }

    [Fact]
    public async Task ExternalUrl_WithAPassword_IsRefused()
    {
        var (code, _, stderr) = await Helm.RunAsync("template", Helm.Release, Repo.ChartDirectory,
            "--set", "postgresql.external.url=postgresql://user:hunter2@db:5432/x");

        Assert.NotEqual(0, code);
        Assert.Contains("must not contain a password", stderr);
    }
}
