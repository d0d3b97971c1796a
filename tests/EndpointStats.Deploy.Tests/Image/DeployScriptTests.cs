using EndpointStats.Testing;

namespace EndpointStats.Deploy.Tests.Image;

/// <summary>deploy/deploy.sh: help, fail-fast argument checks, and (in --dry-run) the commands it would run.</summary>
public sealed class DeployScriptTests
{
    private static readonly string Script = Repo.File("deploy", "deploy.sh");

    [Fact]
    public async Task Help_DescribesEveryOption_ExitsZero()
    {
        var (code, output) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var option in new[] { "--registry", "--tag", "--env dev|prod", "--namespace", "--release", "--skip-build", "--dry-run" })
        {
            Assert.Contains(option, output);
        }
    }

    [Theory]
    [InlineData("--tag 1.0.0 --env dev", "--registry is required")]
    [InlineData("--registry r --env dev", "--tag is required")]
    [InlineData("--registry r --tag latest --env dev", "--tag latest is refused")]
    [InlineData("--registry r --tag 1.0.0", "--env is required")]
    [InlineData("--registry r --tag 1.0.0 --env staging", "--env must be dev or prod, not 'staging'")]
    [InlineData("--registry r --tag 1.0.0 --env dev --namespace Bad_Name", "not a valid namespace name")]
    [InlineData("--registry r --tag 1.0.0 --env dev --bogus", "unknown argument '--bogus'")]
    public async Task BadArguments_FailFastWithAClearMessage(string args, string message)
    {
        var (code, output) = await RunAsync([.. args.Split(' '), "--dry-run"]);

        Assert.Equal(2, code);
        Assert.Contains(message, output);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task DryRun_BuildsPushesAndInstallsWithTheEnvironmentsValues_AndThatInstallRenders(string env)
    {
        var (code, output) = await RunAsync("--registry", "registry.example/team", "--tag", "1.2.3", "--env", env, "--namespace", "es-" + env, "--dry-run");

        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith($"docker build -f {Repo.File("deploy", "Dockerfile")} -t registry.example/team/endpoint-stats:1.2.3", lines[0], StringComparison.Ordinal);
        Assert.Equal("docker push registry.example/team/endpoint-stats:1.2.3", lines[1]);
        Assert.Contains(lines, l => l.StartsWith($"kubectl label namespace es-{env} --overwrite pod-security.kubernetes.io/enforce=restricted", StringComparison.Ordinal));
        var helm = lines.Last().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["upgrade", "--install", "endpoint-stats"], helm[1..4]);
        Assert.Contains($"values-{env}.yaml", helm[helm.ToList().IndexOf("-f") + 1]);

        // The same chart, values and settings render with helm template.
        var sets = helm.Select((a, i) => (a, i)).Where(p => p.a == "--set").SelectMany(p => new[] { "--set", helm[p.i + 1] }).ToArray();
        var chart = await Helm.RenderAsync($"values-{env}.yaml", sets);
        Assert.All(chart.All<V1Deployment>(), d => Assert.Equal("registry.example/team/endpoint-stats:1.2.3", d.Spec.Template.Spec.Containers[0].Image));
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync("bash", [Script, .. args], Repo.Root, timeout: TimeSpan.FromSeconds(60));
}
