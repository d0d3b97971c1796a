using EndpointStats.Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EndpointStats.RateLimiting.Tests.Support;

/// <summary>Settings and a rules file for one test's gateway + ratelimiter process, isolated by its own Redis key prefix.</summary>
internal sealed class RateLimitHost : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("es-rl-").FullName;
    private readonly string _signingKey = TestTokens.NewSigningKey();

    public RateLimitHost(string? rulesJson = null, string? redis = null, IDictionary<string, string?>? extra = null)
    {
        Settings = new Dictionary<string, string?>
        {
            ["Platform:Roles"] = "gateway,ratelimiter",
            ["RateLimiting:KeyPrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["RateLimiting:RulesFilePollSeconds"] = "0.2",
            [TestTokens.SigningKeySetting] = _signingKey,
        };
        if (rulesJson is not null)
        {
            RulesFile = Path.Combine(_directory, "rules.json");
            File.WriteAllText(RulesFile, rulesJson);
            Settings["RateLimiting:RulesFile"] = RulesFile;
        }

        if (redis is not null)
        {
            Settings["ConnectionStrings:Redis"] = redis;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    public Dictionary<string, string?> Settings { get; }

    public string? RulesFile { get; }

    public string Directory => _directory;

    public PlatformFactory CreateFactory() => new(Settings);

    /// <summary>A client carrying an admin token: the rule listing is admin-only.</summary>
    public HttpClient CreateAdminClient(PlatformFactory factory)
    {
        var client = factory.CreateClient();
        TestTokens.Authorize(client, TestTokens.Create(_signingKey, "rl-admin", "admin"));
        return client;
    }

    /// <summary>
    /// The platform with one more gateway stage, standing in for a module another issue owns (the identity module in the
    /// Authentication slot, the analytics recorder in the Recording slot).
    /// </summary>
    public static WebApplicationFactory<Program> WithStage(PlatformFactory factory, GatewaySlot slot, Func<HttpContext, RequestDelegate, Task> stage) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddGatewayStage(slot, "test-" + slot, app => app.Use(stage))));

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    /// <summary>A rules file with one rule on <paramref name="route"/>; the default rule stays the built-in one.</summary>
    public static string OneRule(string route, int permitted, string period = "1m", string extra = "") =>
        $$"""{ "Rules": [ { "Name": "test", "Route": "{{route}}", {{extra}} "Limits": [ { "Permitted": {{permitted}}, "Period": "{{period}}" } ] } ] }""";
}
