using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Testing;

/// <summary>The platform on a real Kestrel socket (random loopback port), in this process: for proxying and shutdown tests.</summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private RunningPlatform(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    // configure runs before the modules are added, e.g. to register a replacement that their TryAdd then keeps.
    public static async Task<RunningPlatform> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplication>? map = null, Action<WebApplicationBuilder>? configure = null)
    {
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").Append("--urls=http://127.0.0.1:0").ToArray();
        var app = PlatformApplication.Build(args, configure);
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningPlatform(app, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address };

    public async Task StopAsync() => await App.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
