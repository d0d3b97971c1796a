using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EndpointStats.Testing;

/// <summary>
/// The real <c>endpoint-stats</c> entry point on an in-memory server, with settings given as configuration (for example
/// <c>Platform:Roles</c>, <c>ConnectionStrings:Postgres</c>).
/// </summary>
public sealed class PlatformFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
