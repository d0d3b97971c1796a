using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class GatewayLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_Allowed_CarriesSeedPolicyAndRemaining()
    {
        using var host = new RateLimitHost();
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var first = await client.GetAsync("/", Ct);
        var second = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("\"root\";q=100;w=60", first.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal("\"root\";r=99;t=1", first.Headers.GetValues("RateLimit").Single());
        Assert.StartsWith("\"root\";r=98;t=", second.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        Assert.False(first.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task Root_OverTheLimit_Returns429ProblemWithRetryAfterAndHeaders()
    {
        using var host = new RateLimitHost(RateLimitHost.OneRule("/", 3), extra: new Dictionary<string, string?> { ["RateLimiting:LegacyHeaders"] = "true" });
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add(await client.GetAsync("/", Ct));
        }

        var limited = await client.GetAsync("/", Ct);
        var body = await limited.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("\"test\";r=0;t=60", allowed[2].Headers.GetValues("RateLimit").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(20, limited.Headers.RetryAfter?.Delta?.TotalSeconds);
        Assert.Equal("\"test\";q=3;w=60", limited.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal("\"test\";r=0;t=20", limited.Headers.GetValues("RateLimit").Single());
        Assert.Equal(["3", "0", "20"], [limited.Headers.GetValues("X-RateLimit-Limit").Single(), limited.Headers.GetValues("X-RateLimit-Remaining").Single(), limited.Headers.GetValues("X-RateLimit-Reset").Single()]);
        Assert.Equal("https://iana.org/assignments/http-problem-types#quota-exceeded", body.GetProperty("type").GetString());
        Assert.Equal("Rate limit exceeded", body.GetProperty("error").GetString());
        Assert.Equal("Too many requests", body.GetProperty("message").GetString());
        Assert.Equal(429, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Probes_UnderATinyDefaultLimit_AreNeverLimited()
    {
        const string rules = """{ "Default": { "Limits": [ { "Permitted": 1, "Period": "1h" } ] } }""";
        using var host = new RateLimitHost(rules);
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var responses = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/healthz/live", "/healthz/live", "/healthz/ready", "/healthz/ready", "/health", "/health", "/metrics", "/metrics" })
        {
            responses.Add(await client.GetAsync(path, Ct));
        }

        Assert.All(responses, r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(responses, r => Assert.False(r.Headers.Contains("RateLimit")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/nothing-here", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/nothing-here", Ct)).StatusCode);
    }

    [Fact]
    public async Task Shadow_OverTheLimit_LetsThroughAndCountsShadowLimited()
    {
        using var host = new RateLimitHost("""{ "Rules": [ { "Name": "shadowed", "Route": "/", "Shadow": true, "Limits": [ { "Permitted": 2, "Period": "1m" } ] } ] }""");
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();
        using var probe = new MeterProbe(factory.Services);

        var statuses = await Requests.StatusesAsync(client, "/", 5);


        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(3, probe.Sum("ratelimit.decisions", ("outcome", "shadow_limited"), ("rule", "shadowed")));
        Assert.Equal(2, probe.Sum("ratelimit.decisions", ("outcome", "allowed"), ("rule", "shadowed")));
        Assert.Equal(1, probe.Sum("ratelimit.near_limit", ("rule", "shadowed")));
    }

    [Fact]
    public async Task GlobalShadowMode_OverTheLimit_NeverRefuses()
    {
        using var host = new RateLimitHost("""{ "ShadowMode": true, "Rules": [ { "Name": "tiny", "Route": "/", "Limits": [ { "Permitted": 1, "Period": "1h" } ] } ] }""");
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var statuses = await Requests.StatusesAsync(client, "/", 4);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Unlimited_ListedClient_IsNotLimited()
    {
        using var host = new RateLimitHost("""{ "Unlimited": ["key:partner-1"], "Rules": [ { "Name": "tiny", "Route": "/", "Limits": [ { "Permitted": 1, "Period": "1h" } ] } ] }""");
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", "partner-1");

        var statuses = await Requests.StatusesAsync(client, "/", 3);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Check_UnderATinyDefaultLimit_IsNotLimitedByTheGatewayItself()
    {
        const string rules = """{ "Default": { "Limits": [ { "Permitted": 1, "Period": "1h" } ] }, "Rules": [ { "Name": "open", "Route": "/x", "Limits": [ { "Permitted": 100, "Period": "1m" } ] } ] }""";
        using var host = new RateLimitHost(rules);
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var statuses = await Requests.StatusesAsync(client, "/api/ratelimit/check?endpoint=/x&client_ip=10.0.0.1", 3);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
