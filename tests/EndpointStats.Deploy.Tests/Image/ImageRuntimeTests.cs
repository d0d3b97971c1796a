using System.Diagnostics;
using EndpointStats.Testing;

namespace EndpointStats.Deploy.Tests.Image;

/// <summary>
/// The real binary started the way the image starts it (the Dockerfile's environment, no --urls): it listens on the port
/// the image exposes, answers the chart's probe and scrape paths, writes nothing outside HOME/TMPDIR and the data
/// directory, and stops cleanly on SIGTERM.
/// </summary>
public sealed class ImageRuntimeTests
{
    [Theory]
    [InlineData("gateway")]
    [InlineData("ratelimiter")]
    public async Task Serve_WithTheImagesEnvironment_AnswersTheChartsProbesOnTheExposedPort(string role)
    {
        var root = Directory.CreateTempSubdirectory("es-image-").FullName;
        var (workdir, tmp, data) = (Path.Combine(root, "app"), Path.Combine(root, "tmp"), Path.Combine(root, "data"));
        Array.ForEach([workdir, tmp, data], d => Directory.CreateDirectory(d));
        var image = DockerfileTests.RuntimeEnvironment();
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workdir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // The image's entrypoint and variables; only its paths and the port are moved into this test's directories.
        foreach (var arg in new[] { typeof(EndpointStats.Program).Assembly.Location, "serve", "--role", role })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in image.Where(e => e.Key != "PATH"))
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (info.Environment["HOME"], info.Environment["TMPDIR"], info.Environment["Storage__DataDirectory"]) = (tmp, tmp, data);

        var chart = await Helm.RenderAsync("values.yaml");
        var pod = chart.Get<V1Deployment>(RenderedChart.Name(role)).Spec.Template;
        var container = pod.Spec.Containers[0];
        Assert.Equal(image["ASPNETCORE_HTTP_PORTS"], container.Ports.Single().ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var process = Process.Start(info)!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            foreach (var path in new[] { container.StartupProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Path, pod.Metadata.Annotations["prometheus.io/path"] })
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, await GetWhenListeningAsync(client, path, process));
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(workdir));
            await ProcessRunner.RunCheckedAsync("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await output;
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<System.Net.HttpStatusCode> GetWhenListeningAsync(HttpClient client, string path, Process process)
    {
        for (var attempt = 0; attempt < 600 && !process.HasExited; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        throw new InvalidOperationException($"nothing answered {path} (exited: {process.HasExited})");
    }
}
