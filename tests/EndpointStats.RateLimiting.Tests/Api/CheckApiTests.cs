using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Api;

public sealed class CheckApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Check_Query_ReturnsSeedShapesUntilLimitedThen429()
    {
        using var host = new RateLimitHost(RateLimitHost.OneRule("/orders", 2));
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/check?endpoint=/orders&client_ip=10.1.1.1", Ct);
        var second = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/check?endpoint=/orders&client_ip=10.1.1.1", Ct);
        var limited = await client.GetAsync("/api/ratelimit/check?endpoint=/orders&client_ip=10.1.1.1", Ct);
        var body = await limited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var otherClient = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/check?endpoint=/orders&client_ip=10.1.1.2", Ct);

        Assert.Equal((true, 2, 1, 1), (first.GetProperty("allowed").GetBoolean(), first.GetProperty("limit").GetInt32(), first.GetProperty("current").GetInt32(), first.GetProperty("remaining").GetInt32()));
        Assert.Equal((2, 0), (second.GetProperty("current").GetInt32(), second.GetProperty("remaining").GetInt32()));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal((false, 2, 2, 30), (body.GetProperty("allowed").GetBoolean(), body.GetProperty("limit").GetInt32(), body.GetProperty("current").GetInt32(), body.GetProperty("reset_after").GetInt32()));
        Assert.Equal("30", limited.Headers.GetValues("Retry-After").Single());
        Assert.True(otherClient.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Check_IngressNginxHeaders_UsesOriginalUriMethodAndRealIp()
    {
        using var host = new RateLimitHost("""{ "Rules": [ { "Name": "posts", "Route": "/api/items/{id}", "Methods": ["POST"], "Limits": [ { "Permitted": 1, "Period": "1h" } ] } ] }""");
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        async Task<HttpResponseMessage> Ask(string method, string ip)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ratelimit/check");
            request.Headers.Add("X-Original-URI", "/api/items/42?x=1");
            request.Headers.Add("X-Original-Method", method);
            request.Headers.Add("X-Real-IP", ip);
            return await client.SendAsync(request, Ct);
        }

        var post = await Ask("POST", "192.0.2.7");
        var postAgain = await Ask("POST", "192.0.2.7");
        var getUnderDefault = await Ask("GET", "192.0.2.7");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("posts", (await post.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, postAgain.StatusCode);
        Assert.Equal("default", (await getUnderDefault.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("/api/ratelimit/check?client_ip=1.2.3.4", "endpoint")]
    [InlineData("/api/ratelimit/check?endpoint=/x&cost=-1", "cost")]
    [InlineData("/api/ratelimit/check?endpoint=/x&client_ip=not-an-ip", "client_ip")]
    [InlineData("/api/ratelimit/check?endpoint=relative", "endpoint")]
    public async Task Check_BadParameters_Returns400Problem(string url, string field)
    {
        using var host = new RateLimitHost();
        await using var factory = host.CreateFactory();

        var response = await factory.CreateClient().GetAsync(url, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Check_Cost_ConsumesThatMany()
    {
        using var host = new RateLimitHost(RateLimitHost.OneRule("/bulk", 10));
        await using var factory = host.CreateFactory();
        var client = factory.CreateClient();

        var heavy = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/check?endpoint=/bulk&client_ip=10.0.0.1&cost=7", Ct);
        var tooHeavy = await client.GetAsync("/api/ratelimit/check?endpoint=/bulk&client_ip=10.0.0.1&cost=4", Ct);
        var fits = await client.GetFromJsonAsync<JsonElement>("/api/ratelimit/check?endpoint=/bulk&client_ip=10.0.0.1&cost=3", Ct);

        Assert.Equal(3, heavy.GetProperty("remaining").GetInt32());
        Assert.Equal(HttpStatusCode.TooManyRequests, tooHeavy.StatusCode);
        Assert.Equal(0, fits.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task Limits_Defaults_ReturnSeedFiguresAndFullRules()
    {
        using var host = new RateLimitHost();
        await using var factory = host.CreateFactory();

        var body = await host.CreateAdminClient(factory).GetFromJsonAsync<JsonElement>("/api/ratelimit/limits", Ct);
        var figures = body.GetProperty("rate_limits").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

        Assert.Equal(new Dictionary<string, int> { ["/"] = 100, ["/stats"] = 60, ["/metrics"] = 200, ["default"] = 120 }, figures);
        Assert.Equal(3, body.GetProperty("rules").GetArrayLength());
        var limit = body.GetProperty("default").GetProperty("limits")[0];
        Assert.Equal(("ip", 120, "1m", 60), (limit.GetProperty("key").GetString(), limit.GetProperty("permitted").GetInt32(), limit.GetProperty("period").GetString(), limit.GetProperty("period_seconds").GetInt32()));
    }
}
