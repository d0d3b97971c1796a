using System.Diagnostics;
using System.Net.Sockets;

namespace ClusterBench;

/// <summary>The real <c>endpoint-stats</c> binary running only the cluster role, as a child process.</summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PlatformProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static PlatformProcess Start(string dll, string kubeConfig, string dataDirectory, IEnumerable<string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "serve", "--role", "cluster", "--urls", $"http://127.0.0.1:{port}",
                $"--Cluster:KubeConfig={kubeConfig}", $"--Storage:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning",
                // The cluster views are admin-only by default; the benchmark reads them anonymously.
                "--Security:AnonymousDashboards=true",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var pair in environment)
        {
            var (key, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"platform: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PlatformProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Resident memory (VmRSS), what the OOM killer counts, and its private (anonymous) part without mapped binaries.</summary>
    public (double Total, double Private) ResidentMegabytes()
    {
        var status = File.ReadLines($"/proc/{_process.Id}/status").ToList();
        double Field(string name) =>
            long.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return (Field("VmRSS:"), Field("RssAnon:"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
