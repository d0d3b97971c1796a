using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Cluster.Testing;

public sealed partial class FakeKubernetesApi
{
    private WebApplication? _app;

    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _app is not null;

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var api = new FakeKubernetesApi();
        await api.StartServerAsync();
        return api;
    }

    /// <summary>The API server goes away: open watches end, the port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryComplete();
            }
        }

        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>The API server comes back on the same address, with whatever changed meanwhile.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    /// <summary>A kubeconfig file pointing at this server, with contexts <c>fake</c> (namespace shop, current) and <c>other</c>.</summary>
    public string WriteKubeConfig(string directory)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                server: {Address.ToString().TrimEnd('/')}
              name: fake
            contexts:
            - context:
                cluster: fake
                namespace: {Fixtures.Namespace}
                user: fake
              name: fake
            - context:
                cluster: fake
                namespace: other
                user: fake
              name: other
            current-context: fake
            users:
            - name: fake
              user:
                token: {Token}
            """);
        return path;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapGet("/api/v1/namespaces/{ns}/{resource}", (string ns, string resource, HttpContext context) => ServeAsync("v1", ns, resource, context));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/{resource}", (string ns, string resource, HttpContext context) => ServeAsync("apps/v1", ns, resource, context));
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }
}
