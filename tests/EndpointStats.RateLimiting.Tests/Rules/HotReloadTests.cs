using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Rules;

public sealed class HotReloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RulesFile_ConfigMapSwapValidThenInvalid_AppliesTheValidAndKeepsItAgainstTheInvalid()
    {
        using var configMap = new ConfigMapDirectory(RateLimitHost.OneRule("/", 100));
        using var host = new RateLimitHost(extra: new Dictionary<string, string?> { ["RateLimiting:RulesFile"] = configMap.FilePath });
        await using var factory = host.CreateFactory();
        var client = host.CreateAdminClient(factory);
        using var probe = new MeterProbe(factory.Services);
        Assert.Equal(100, await RootLimitAsync(client));

        configMap.Update(RateLimitHost.OneRule("/", 2));
        await Eventually.TrueAsync(async () => await RootLimitAsync(client) == 2, "the new rules file applied");
        var statuses = await Requests.StatusesAsync(client, "/", 3);

        configMap.Update("""{ "Rules": [ { "Name": "test", "Route": "/", "Limits": [ { "Permitted": 7, "Period": "5x" } ] } ] }""");
        await Eventually.TrueAsync(
            () => Task.FromResult(probe.Sum("ratelimit.rules.reloads", ("result", "rejected")) == 1),
            "the invalid rules file rejected");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, probe.Sum("ratelimit.rules.reloads", ("result", "applied")));
        Assert.Equal(2, await RootLimitAsync(client));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task RulesFile_InvalidAtStart_StopsStartUpNamingTheSetting()
    {
        using var host = new RateLimitHost("""{ "Rules": [ { "Name": "x", "Route": "/", "Limits": [ { "Permited": 5 } ] } ] }""");

        var (exitCode, output) = await ProcessRunner.RunAsync(
            "dotnet",
            [typeof(Program).Assembly.Location, "serve", "--role", "gateway,ratelimiter", "--urls", "http://127.0.0.1:0"],
            host.Directory,
            new Dictionary<string, string?> { ["RateLimiting__RulesFile"] = host.RulesFile },
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Invalid configuration 'RateLimiting:RulesFile'", output, StringComparison.Ordinal);
        Assert.Contains("Permited", output, StringComparison.Ordinal);
    }

    private static async Task<int> RootLimitAsync(HttpClient client)
    {
        var limits = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/limits", Ct);
        return limits.GetProperty("rate_limits").GetProperty("/").GetInt32();
    }
}
