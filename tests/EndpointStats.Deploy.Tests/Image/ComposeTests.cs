using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EndpointStats.Deploy.Tests.Image;

/// <summary>deploy/docker-compose.yaml: the split platform on PostgreSQL 15 and Redis 7, started in the right order.</summary>
public sealed partial class ComposeTests
{
    [Fact]
    public void Images_ArePinned_PostgresIs15_RedisIs7_PlatformIsTheChartsVersion()
    {
        foreach (var (name, service) in ComposeFile.Services)
        {
            var image = service!["image"]!.ToString();
            if (ComposeFile.PlatformServices.Contains(name))
            {
                Assert.Equal("${ENDPOINT_STATS_IMAGE:-endpoint-stats:" + ChartFile.AppVersion + "}", image);
                continue;
            }

            Assert.Matches(@"^[a-z0-9./\-]+:v?\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$", image); // PostgreSQL releases are major.minor
        }

        Assert.StartsWith("postgres:15.", ComposeFile.Service("postgres")["image"]!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("redis:7.", ComposeFile.Service("redis")["image"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("--appendonly", ComposeFile.Service("redis")["command"]!.AsArray().Select(n => n!.ToString()));
        Assert.Equal("deploy/Dockerfile", ComposeFile.Service("migrate")["build"]!["dockerfile"]!.ToString());
    }

    [Fact]
    public async Task Platform_IsSplitIntoEveryRole_PlusAOneShotMigrate_WithCommandsTheBinaryAccepts()
    {
        var entrypoint = Dockerfile.Final.Single(i => i.Keyword == "ENTRYPOINT").Arguments;
        var roles = new List<string>();
        foreach (var name in ComposeFile.PlatformServices)
        {
            var service = ComposeFile.Service(name);
            var argv = Strings(service["entrypoint"]) is { Count: > 0 } own ? own : System.Text.Json.JsonSerializer.Deserialize<List<string>>(entrypoint)!;
            argv.AddRange(Strings(service["command"]));
            await Binary.AssertValidCommandLineAsync(argv, $"compose service {name}");
            if (argv[1] == "serve")
            {
                roles.Add(argv[argv.IndexOf("--role") + 1]);
            }
        }

        Assert.Equal(Roles.All.Order(), roles.Order());
        var migrate = ComposeFile.Service("migrate");
        Assert.Equal(["endpoint-stats", "migrate"], Strings(migrate["entrypoint"]));
        Assert.Equal("no", migrate["restart"]!.ToString());
    }

    [Fact]
    public void DependsOn_WaitsForHealthyServicesAndACompletedMigration()
    {
        foreach (var (name, service) in ComposeFile.Services)
        {
            foreach (var (target, condition) in service!["depends_on"]?.AsObject() ?? [])
            {
                var expected = target == "migrate" ? "service_completed_successfully" : "service_healthy";
                Assert.Equal(expected, condition!["condition"]!.ToString());
                if (expected == "service_healthy")
                {
                    Assert.NotNull(ComposeFile.Service(target)["healthcheck"]?["test"]);
                }
            }

            if (name != "migrate")
            {
                Assert.True(service["healthcheck"]?["test"] is not null, $"{name} has no healthcheck");
            }
        }

        foreach (var name in ComposeFile.PlatformServices.Where(n => n != "migrate"))
        {
            Assert.Equal("service_completed_successfully", ComposeFile.Service(name)["depends_on"]!["migrate"]!["condition"]!.ToString());
            Assert.Contains("/healthz/ready", string.Join(' ', Strings(ComposeFile.Service(name)["healthcheck"]!["test"])));
        }
    }

    [Fact]
    public void PlatformContainers_RunNonRootOnAReadOnlyRoot_WithTmpfsAndNoCapabilities()
    {
        foreach (var name in ComposeFile.PlatformServices)
        {
            var service = ComposeFile.Service(name);
            Assert.Matches(@"^[1-9]\d*:[1-9]\d*$", service["user"]!.ToString());
            Assert.Equal(true, (bool?)service["read_only"]);
            Assert.Contains("/tmp", Strings(service["tmpfs"]));
            Assert.Equal(["ALL"], Strings(service["cap_drop"]));
            Assert.Contains("no-new-privileges:true", Strings(service["security_opt"]));
        }
    }

    [Fact]
    public void Settings_MatchWhatThePlatformReads_SecretsOnlyFromTheEnvironment()
    {
        foreach (var name in ComposeFile.PlatformServices)
        {
            var env = ComposeFile.Service(name)["environment"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString());
            Assert.Equal("false", env["Storage__MigrateOnStart"]);
            Assert.Equal("/etc/endpoint-stats/ratelimit/rules.json", env["RateLimiting__RulesFile"]);
            var signingKey = env["Identity__SigningKey"].Split(":-")[1].TrimEnd('}');
            Assert.True(Convert.FromBase64String(signingKey).Length >= 32, "the default signing key must be base64 of 32+ bytes");
            foreach (var (key, value) in env.Where(e => SecretValue().IsMatch(e.Key) || e.Value.Contains("password=", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(value.Contains("${", StringComparison.Ordinal), $"{name}: {key} must come from a variable");
            }
        }

        var gateway = ComposeFile.Service("gateway")["environment"]!.AsObject();
        foreach (var (role, key) in Roles.ServiceKeys)
        {
            var url = new Uri(gateway[$"Services__{key}__Url"]!.ToString());
            Assert.Equal((role, 8080), (url.Host, url.Port));
            Assert.True(ComposeFile.Services.ContainsKey(url.Host));
        }
    }

    [Fact]
    public void Ports_GatewayPublishesTheImagesPort_MonitoringIsPublishedToo()
    {
        var exposed = Dockerfile.Final.Single(i => i.Keyword == "EXPOSE").Arguments;

        Assert.Equal([$"8080:{exposed}"], Strings(ComposeFile.Service("gateway")["ports"]));
        Assert.All(ComposeFile.PlatformServices.Where(n => n != "gateway"), n => Assert.Null(ComposeFile.Service(n)["ports"]));
        foreach (var (service, port) in new[] { ("prometheus", "9090"), ("alertmanager", "9093"), ("grafana", "3000") })
        {
            Assert.Equal([$"{port}:{port}"], Strings(ComposeFile.Service(service)["ports"]));
        }
    }

    [Fact]
    public void Volumes_AreNamedAndDeclared_BindMountsExist()
    {
        var declared = ComposeFile.Root["volumes"]!.AsObject().Select(v => v.Key).ToHashSet();
        var used = new HashSet<string>();
        foreach (var (name, service) in ComposeFile.Services)
        {
            foreach (var mount in Strings(service!["volumes"]))
            {
                var source = mount.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal))
                {
                    Assert.True(Path.Exists(Repo.File("deploy", source[2..])), $"{name}: {source} does not exist");
                }
                else if (!source.StartsWith("${", StringComparison.Ordinal))
                {
                    Assert.Contains(source, declared);
                    used.Add(source);
                }
            }
        }

        Assert.Equal(declared.Order(), used.Order());
        Assert.Contains("postgres-data", used);
        Assert.Contains("redis-data", used);
    }

    [Fact]
    public void Prometheus_ScrapesEveryRole_AlertsGoToAlertmanager_GrafanaHasProvisionedDatasources()
    {
        var prometheus = Repo.Read("deploy", "monitoring", "prometheus.yml");
        foreach (var role in Roles.All)
        {
            Assert.Contains($"\"{role}:8080\"", prometheus);
        }

        Assert.Contains("metrics_path: /metrics", prometheus);
        Assert.Contains("\"alertmanager:9093\"", prometheus);
        Assert.Contains("alert: EndpointStatsRoleDown", Repo.Read("deploy", "helm", "endpoint-stats", "files", "alerts.yml"));
        Assert.Contains("./helm/endpoint-stats/files/alerts.yml:/etc/prometheus/alerts.yml:ro", Strings(ComposeFile.Service("prometheus")["volumes"]));
        Assert.Contains("rule_files:\n  - /etc/prometheus/alerts.yml", prometheus);
        Assert.Contains("route:", Repo.Read("deploy", "monitoring", "alertmanager.yml"));

        var datasources = YamlTree.LoadAll(Repo.Read("deploy", "monitoring", "grafana", "provisioning", "datasources", "datasources.yaml")).Single()!["datasources"]!.AsArray();
        Assert.Contains(datasources, d => d!["type"]!.ToString() == "prometheus" && d["url"]!.ToString() == "http://prometheus:9090");
        Assert.Contains(datasources, d => d!["type"]!.ToString() == "alertmanager" && d["url"]!.ToString() == "http://alertmanager:9093");
        Assert.Contains(Strings(ComposeFile.Service("grafana")["volumes"]), v => v.StartsWith("./monitoring/grafana/provisioning:/etc/grafana/provisioning", StringComparison.Ordinal));
        var dashboard = JsonNode.Parse(Repo.Read("deploy", "helm", "endpoint-stats", "files", "endpoint-stats-dashboard.json"))!;
        Assert.Contains(Strings(ComposeFile.Service("grafana")["volumes"]), v => v.StartsWith("./helm/endpoint-stats/files/endpoint-stats-dashboard.json:", StringComparison.Ordinal));
        Assert.NotEmpty(dashboard["panels"]!.AsArray());
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(n => n!.ToString()).ToList(),
        null => [],
        _ => [node.ToString()],
    };

    [GeneratedRegex("(?i)(password|secret|signingkey|ingestkey|token)")]
    private static partial Regex SecretValue();
}
