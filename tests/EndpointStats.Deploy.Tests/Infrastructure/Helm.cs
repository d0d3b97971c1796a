using System.Collections.Concurrent;
using System.Diagnostics;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>The helm binary that test.sh unpacks into .tools/helm; renders are cached per argument list.</summary>
internal static class Helm
{
    public const string Release = "es";
    public const string Namespace = "endpoint-stats";

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> Renders = new();

    public static string Executable => Repo.File(".tools", "helm", "helm");

    /// <summary>Values files shipped with the chart; every test over the rendered chart runs for each.</summary>
    public static TheoryData<string> ValuesFiles => new("values.yaml", "values-dev.yaml", "values-prod.yaml");

    public static Task<RenderedChart> RenderAsync(string valuesFile, params string[] extra)
    {
        string[] args = ["template", Release, Repo.ChartDirectory, "--namespace", Namespace, "-f", Path.Combine(Repo.ChartDirectory, valuesFile), .. extra];
        return Renders.GetOrAdd(string.Join('\u0001', args), _ => new Lazy<Task<RenderedChart>>(async () =>
        {
            var (code, stdout, stderr) = await RunAsync(args);
            Assert.True(code == 0, $"helm {string.Join(' ', args)} failed ({code}): {stderr}");
            return RenderedChart.Parse(stdout);
        })).Value;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run deploy/tools/install-helm.sh (./test.sh does).");
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // No cluster here: helm must never try one (lookup returns nothing, capabilities are the defaults).
        info.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
