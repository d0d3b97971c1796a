namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>The migrate hook, the bundled-database first install, and the backup CronJob's safety fields.</summary>
public sealed class JobTests
{
    [Fact]
    public async Task Migrate_ExternalDatabase_IsAPreInstallAndPreUpgradeHook_WithoutInitContainers()
    {
        var chart = await Helm.RenderAsync("values-prod.yaml", ExternalStoreTests.ExternalStores);

        var job = chart.Get<V1Job>(RenderedChart.Name("migrate"));
        Assert.Equal("pre-install,pre-upgrade", job.Metadata.Annotations["helm.sh/hook"]);
        Assert.Contains("before-hook-creation", job.Metadata.Annotations["helm.sh/hook-delete-policy"]);
        Assert.Equal(["endpoint-stats", "migrate"], job.Spec.Template.Spec.Containers[0].Command);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.NotNull(job.Spec.ActiveDeadlineSeconds);
        Assert.All(chart.All<V1Deployment>(), d => Assert.Null(d.Spec.Template.Spec.InitContainers));
        // Hooks run before the release's ConfigMaps exist: the job may only use its own environment.
        Assert.Null(job.Spec.Template.Spec.Containers[0].EnvFrom);
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Migrate_BundledDatabase_RunsOnUpgradeAsAHook_AndOnFirstInstallBeforeEachDatabaseRole(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.Equal("pre-upgrade", chart.Get<V1Job>(RenderedChart.Name("migrate")).Metadata.Annotations["helm.sh/hook"]);
        foreach (var role in Roles.All)
        {
            var init = chart.Get<V1Deployment>(RenderedChart.Name(role)).Spec.Template.Spec.InitContainers;
            Assert.Equal(Roles.UsingDatabase.Contains(role), init is not null);
            if (init is not null)
            {
                Assert.Equal(["endpoint-stats", "migrate"], Assert.Single(init).Command);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Backup_CronJob_HasItsSafetyFields_AndWritesToItsClaimWithRetention(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        var cron = chart.Get<V1CronJob>(RenderedChart.Name("backup"));
        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy);
        Assert.True(cron.Spec.StartingDeadlineSeconds > 0);
        Assert.True(cron.Spec.JobTemplate.Spec.TtlSecondsAfterFinished > 0);
        Assert.True(cron.Spec.JobTemplate.Spec.ActiveDeadlineSeconds > 0);
        Assert.Equal(5, cron.Spec.Schedule.Split(' ').Length);

        var pod = cron.Spec.JobTemplate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var script = string.Join('\n', container.Command);
        Assert.Contains("pg_dump", script);
        Assert.Contains("-mtime \"+$RETENTION_DAYS\"", script);
        Assert.True(int.Parse(container.Env.Single(e => e.Name == "RETENTION_DAYS").Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.NotNull(container.Env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef);
        var backups = container.VolumeMounts.Single(m => m.MountPath == "/backups");
        chart.Get<V1PersistentVolumeClaim>(pod.Volumes.Single(v => v.Name == backups.Name).PersistentVolumeClaim.ClaimName);
    }
}
