using System.Net;
using System.Text.Json;
using EndpointStats.Gateway.Pipeline;
using EndpointStats.Hosting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Tests;

public sealed class GatewayTests(TestServers servers)
{
    [Fact]
    public async Task Welcome_TwoRequests_SeedShapeThenFromCache()
    {
        await using var factory = await CreateFactoryAsync();
        using var client = factory.CreateClient();

        var first = JsonDocument.Parse(await client.GetStringAsync("/")).RootElement;
        var second = JsonDocument.Parse(await client.GetStringAsync("/")).RootElement;

        Assert.Equal("Welcome to the API Access Tracker", first.GetProperty("message").GetString());
        Assert.Equal(Environment.MachineName, first.GetProperty("pod").GetString());
        Assert.EndsWith("Z", first.GetProperty("timestamp").GetString());
        Assert.False(first.GetProperty("from_cache").GetBoolean());
        Assert.True(second.GetProperty("from_cache").GetBoolean());
        Assert.Equal(first.GetProperty("timestamp").GetString(), second.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Welcome_CacheOff_NeverFromCache()
    {
        await using var factory = await CreateFactoryAsync(("Gateway:WelcomeCacheSeconds", "0"));
        using var client = factory.CreateClient();

        await client.GetStringAsync("/");
        var second = JsonDocument.Parse(await client.GetStringAsync("/")).RootElement;

        Assert.False(second.GetProperty("from_cache").GetBoolean());
    }

    [Fact]
    public async Task UnknownPath_Answers404ProblemDetails()
    {
        await using var factory = await CreateFactoryAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/no/such/path");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Equal("/no/such/path", body.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Pipeline_StagesRegisteredOutOfOrder_RunInSlotOrder()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        await using var factory = new PlatformFactory(storage.Settings).WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddGatewayStage(GatewaySlot.RateLimiting, "limit", app => app.Use(Trace("limit")));
            services.AddGatewayStage(GatewaySlot.Recording, "record", app => app.Use(Trace("record")));
            services.AddGatewayStage(GatewaySlot.Authentication, "auth", app => app.Use(Trace("auth")));
        }));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(["record", "auth", "limit"], response.Headers.GetValues("X-Stage"));
    }

    [Fact]
    public async Task Metrics_AfterRequests_ExposesAspNetRuntimeAndProcessMetrics()
    {
        await using var factory = await CreateFactoryAsync();
        using var client = factory.CreateClient();
        await client.GetStringAsync("/");

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics);
        Assert.Contains("http_route=\"/\"", metrics);
        Assert.Contains("dotnet_gc_collections_total", metrics);
        Assert.Contains("process_cpu_time_seconds_total", metrics);
        Assert.Contains("process_memory_usage_bytes", metrics);
    }

    [Fact]
    public async Task OpenApi_Document_CoversEveryMappedEndpoint()
    {
        await using var factory = await CreateFactoryAsync();
        using var client = factory.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.StartsWith("/openapi/", StringComparison.Ordinal))
            .ToHashSet();

        Assert.NotEmpty(mapped);
        Assert.Contains("/", paths);
        Assert.Contains("/metrics", paths);
        Assert.Empty(mapped.Except(paths));
    }

    private static Func<HttpContext, Func<Task>, Task> Trace(string name) => (context, next) =>
    {
        context.Response.Headers.Append("X-Stage", name);
        return next();
    };

    private async Task<PlatformFactory> CreateFactoryAsync(params (string Key, string Value)[] extra)
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(storage.Settings);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new PlatformFactory(settings);
    }
}
