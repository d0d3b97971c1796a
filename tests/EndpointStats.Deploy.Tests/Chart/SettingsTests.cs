using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>The settings each role reads, where they come from, and that nothing secret is written in plain text.</summary>
public sealed partial class SettingsTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Settings_DisableMigrateOnStart_AndPointAtTheMountedRulesFile(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var settings = chart.Get<V1ConfigMap>(RenderedChart.Name("settings")).Data;
        var rules = chart.Get<V1ConfigMap>(RenderedChart.Name("ratelimit-rules"));

        Assert.Equal("false", settings["Storage__MigrateOnStart"]);
        Assert.Equal("/var/lib/endpoint-stats", settings["Storage__DataDirectory"]);
        Assert.True(TimeSpan.TryParse(settings["Hosting__ShutdownTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var shutdown));
        Assert.False(settings.ContainsKey("RateLimiting__RulesFile"), "only roles that mount the rules may point at them");

        foreach (var role in Roles.All)
        {
            var pod = chart.Get<V1Deployment>(RenderedChart.Name(role)).Spec.Template.Spec;
            var container = pod.Containers[0];
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef.Name == RenderedChart.Name("settings"));
            Assert.True(shutdown.TotalSeconds < pod.TerminationGracePeriodSeconds, "the grace period must outlast Hosting__ShutdownTimeout");
            var rulesFile = container.Env.SingleOrDefault(e => e.Name == "RateLimiting__RulesFile")?.Value;
            Assert.Equal(role is "gateway" or "ratelimiter", rulesFile is not null);
            if (rulesFile is null)
            {
                continue;
            }

            Assert.NotEmpty(JsonNode.Parse(rules.Data[Path.GetFileName(rulesFile)])!["rules"]!.AsArray());
            var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == Path.GetDirectoryName(rulesFile));
            Assert.Null(mount.SubPath); // subPath mounts never see ConfigMap updates
            Assert.Equal(rules.Metadata.Name, pod.Volumes.Single(v => v.Name == mount.Name).ConfigMap.Name);
            var replicas = container.Env.Single(e => e.Name == "RateLimiting__ExpectedReplicas").Value;
            Assert.True(int.Parse(replicas, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task RulesFile_HoldsTheSeedLimitsPerClientIp_SameAsTheComposeStack(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var rules = JsonNode.Parse(chart.Get<V1ConfigMap>(RenderedChart.Name("ratelimit-rules")).Data["rules.json"])!;

        var expected = new Dictionary<string, long> { ["/"] = 100, ["/stats"] = 60, ["/metrics"] = 200 };
        var limits = rules["rules"]!.AsArray().ToDictionary(r => r!["route"]!.ToString(), r => r!["limits"]!.AsArray().Single()!);
        Assert.Equal(expected, limits.ToDictionary(l => l.Key, l => (long)l.Value["permitted"]!));
        Assert.Equal(120, (long)rules["default"]!["limits"]![0]!["permitted"]!);
        Assert.All(limits.Values.Append(rules["default"]!["limits"]![0]!), l => Assert.Equal(("ip", "1m"), (l["key"]!.ToString(), l["period"]!.ToString())));
        Assert.True(JsonNode.DeepEquals(rules, JsonNode.Parse(Repo.Read("deploy", "ratelimit", "rules.json"))), "compose and chart rules differ");
    }

    [Fact]
    public async Task Checksum_ChangesWithSettings_NotWithRateLimitRules()
    {
        static async Task<string> ChecksumAsync(params string[] set) =>
            (await Helm.RenderAsync("values.yaml", set)).Get<V1Deployment>(RenderedChart.Name("gateway")).Spec.Template.Metadata.Annotations["checksum/settings"];

        var baseline = await ChecksumAsync();

        Assert.Equal(baseline, await ChecksumAsync("--set", "rateLimiting.rules.default.limits[0].permitted=5"));
        Assert.NotEqual(baseline, await ChecksumAsync("--set", "settings.Hosting__ShutdownTimeout=00:00:20"));
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task RoleEnvironment_HasEachRolesSettings_SecretsOnlyByReference(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var role in Roles.All)
        {
            var env = chart.Get<V1Deployment>(RenderedChart.Name(role)).Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name);
            Assert.Equal(Roles.UsingDatabase.Contains(role), env.ContainsKey("ConnectionStrings__Postgres"));
            Assert.Equal(Roles.UsingDatabase.Contains(role), env.ContainsKey("PGPASSWORD"));
            Assert.DoesNotContain("Password", env.GetValueOrDefault("ConnectionStrings__Postgres")?.Value ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.Equal(Roles.UsingRedis.Contains(role), env.ContainsKey("ConnectionStrings__Redis"));
            Assert.True(env.ContainsKey("Identity__SigningKey"), $"{role}: every role validates access tokens");
            Assert.Equal(role is "gateway" or "analytics", env.ContainsKey("Analytics__IngestKey"));
            Assert.Equal(role == "cluster", env.ContainsKey("Cluster__Namespaces__0"));
            foreach (var name in new[] { "Identity__SigningKey", "Analytics__IngestKey", "PGPASSWORD", "REDIS_PASSWORD" }.Where(env.ContainsKey))
            {
                Assert.NotNull(env[name].ValueFrom?.SecretKeyRef);
                Assert.NotNull(chart.Get<V1Secret>(env[name].ValueFrom.SecretKeyRef.Name).Data[env[name].ValueFrom.SecretKeyRef.Key]);
            }
        }

        var cluster = chart.Get<V1Deployment>(RenderedChart.Name("cluster")).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(Helm.Namespace, cluster.Single(e => e.Name == "Cluster__Namespaces__0").Value);
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task Gateway_KnowsEveryOtherRolesServiceUrl(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);
        var env = chart.Get<V1Deployment>(RenderedChart.Name("gateway")).Spec.Template.Spec.Containers[0].Env;

        foreach (var (role, key) in Roles.ServiceKeys)
        {
            var url = new Uri(env.Single(e => e.Name == $"Services__{key}__Url").Value);
            var service = chart.Get<V1Service>(url.Host);
            Assert.Equal(role, service.Spec.Selector["app.kubernetes.io/component"]);
            Assert.Contains(service.Spec.Ports, p => p.Port == url.Port);
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task NoSecretLiteral_InAnyEnvironmentOrConfigMap(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var container in chart.PodTemplates.SelectMany(p => p.AllContainers))
        {
            foreach (var variable in container.Env ?? [])
            {
                if (SecretName().IsMatch(variable.Name))
                {
                    Assert.True(variable.ValueFrom?.SecretKeyRef is not null, $"{container.Name}: {variable.Name} must come from a Secret");
                }

                Assert.DoesNotMatch(InlineCredential(), variable.Value ?? "");
            }
        }

        foreach (var map in chart.All<V1ConfigMap>())
        {
            foreach (var (key, value) in map.Data)
            {
                Assert.DoesNotMatch(SecretName(), key);
                Assert.DoesNotMatch(InlineCredential(), value);
            }
        }

        Assert.All(chart.All<V1Secret>(), s => Assert.Null(s.StringData));
    }

    [Fact]
    public async Task Secret_IsGeneratedFromLiveValues_KeptOnUninstall_OrTakenFromAnExistingSecret()
    {
        var generated = Assert.Single((await Helm.RenderAsync("values.yaml")).All<V1Secret>());
        Assert.Equal("keep", generated.Metadata.Annotations["helm.sh/resource-policy"]);
        Assert.Equal(["ingest-key", "jwt-signing-key", "postgres-password", "redis-password"], generated.Data.Keys.Order());
        Assert.All(generated.Data.Values, v => Assert.True(v.Length >= 32));
        // Identity__SigningKey is base64 of at least 32 random bytes (HS256).
        Assert.True(Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(generated.Data["jwt-signing-key"])).Length >= 32);
        // Kept across upgrades: the template reads the live Secret before generating anything.
        Assert.Contains("lookup \"v1\" \"Secret\"", Repo.Read("deploy", "helm", "endpoint-stats", "templates", "secret.yaml"));

        var existing = await Helm.RenderAsync("values.yaml", "--set", "secrets.existingSecret=platform-credentials");
        Assert.Empty(existing.All<V1Secret>());
        var refs = existing.PodTemplates.SelectMany(p => p.AllContainers).SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name).OfType<string>();
        Assert.All(refs, name => Assert.Equal("platform-credentials", name));
    }

    [GeneratedRegex("(?i)(password|secret|signingkey|signing_key|ingestkey|ingest_key|token|apikey)")]
    private static partial Regex SecretName();

    // password=… or user:…@ with anything but a $(VAR) reference is a literal credential.
    [GeneratedRegex(@"(?i)(password=(?!\$\()[^;,]+|://[^/:@]+:(?!\$\()[^@]+@)")]
    private static partial Regex InlineCredential();
}
