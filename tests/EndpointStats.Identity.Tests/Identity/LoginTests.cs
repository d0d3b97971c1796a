using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Storage;
using EndpointStats.Identity.Tests.Support;

namespace EndpointStats.Identity.Tests.Identity;

public sealed class LoginTests(TestServers servers)
{
    [Theory, BothProviders]
    public async Task Login_ByUsernameOrEmail_ReturnsTokens(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        var account = await app.RegisterAsync("carol");

        using var byName = await app.LoginAsync("carol", account.Password);
        using var byEmail = await app.Client.PostAsJsonAsync("/api/auth/login", new { email = "CAROL@example.test", password = account.Password });

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal("Bearer", (await Json.ReadAsync(byEmail)).Str("token_type"));
    }

    [Theory, BothProviders]
    public async Task Login_UnknownUserAndWrongPassword_AnswerTheSame(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider);
        await app.RegisterAsync("dave");

        using var wrongPassword = await app.LoginAsync("dave", "not the right passphrase");
        using var unknownUser = await app.LoginAsync("nobody-here", "not the right passphrase");
        var a = await Json.ReadAsync(wrongPassword);
        var b = await Json.ReadAsync(unknownUser);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        Assert.Equal(wrongPassword.Content.Headers.ContentType?.ToString(), unknownUser.Content.Headers.ContentType?.ToString());
        // Everything but the per-request trace id is identical.
        Assert.Equal(a.Str("title"), b.Str("title"));
        Assert.Equal(a.Str("detail"), b.Str("detail"));
        Assert.Equal(a.Str("type"), b.Str("type"));
        Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
    }

    [Theory, BothProviders]
    public async Task Login_RepeatedFailuresForOneAccount_Returns429WithRetryAfter(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider, ("Identity:LoginAttemptsPerAccount", "3"), ("Identity:LoginWindow", "00:10:00"));
        var account = await app.RegisterAsync("erin");

        for (var i = 0; i < 3; i++)
        {
            using var failed = await app.LoginAsync("erin", "wrong passphrase " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var throttled = await app.LoginAsync("erin", account.Password);
        using var otherAccount = await app.LoginAsync("someone-else", "wrong passphrase");

        Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAccount.StatusCode);
    }

    [Fact]
    public async Task Login_UnknownAccountHammered_IsThrottledLikeARealOne()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Identity:LoginAttemptsPerAccount", "2"), ("Identity:LoginWindow", "00:10:00"));

        using var first = await app.LoginAsync("ghost", "wrong passphrase");
        using var second = await app.LoginAsync("ghost", "wrong passphrase");
        using var third = await app.LoginAsync("ghost", "wrong passphrase");

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
    }

    [Fact]
    public async Task Login_ManyAccountsFromOneIp_IsThrottledPerIp()
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite, ("Identity:LoginAttemptsPerIp", "4"), ("Identity:LoginWindow", "00:10:00"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await app.LoginAsync($"user{i}", "wrong passphrase");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(4), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal((HttpStatusCode)429, statuses[4]);
    }

    /// <summary>Behind a trusted proxy (an ingress) the per-IP budget belongs to each forwarded client, not to the proxy.</summary>
    [Fact]
    public async Task Login_BehindTrustedProxy_ThrottlesEachForwardedClientSeparately()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        await using var platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>(storage.Settings)
        {
            ["RateLimiting:TrustedProxies:0"] = "127.0.0.1",
            ["Identity:LoginAttemptsPerIp"] = "2",
            ["Identity:LoginWindow"] = "00:10:00",
        });
        using var client = platform.CreateClient();

        async Task<HttpStatusCode> LoginFromAsync(string forwardedFor, int attempt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { username = $"nobody{attempt}", password = "wrong passphrase" }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        var first = new[] { await LoginFromAsync("203.0.113.1", 0), await LoginFromAsync("203.0.113.1", 1), await LoginFromAsync("203.0.113.1", 2) };
        var other = await LoginFromAsync("203.0.113.2", 3);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], first);
        Assert.Equal(HttpStatusCode.Unauthorized, other);
    }

    /// <summary>Two identity replicas on one Redis share the engine's counters: failures on one throttle the other.</summary>
    [Theory, BothProviders]
    public async Task Login_TwoReplicasOnRedis_ShareTheThrottle(DatabaseProvider provider)
    {
        // A generous Redis timeout: on a loaded machine the engine would otherwise fall back to per-replica memory (by design).
        (string, string?)[] shared =
        [
            ("ConnectionStrings:Redis", servers.Redis.ConnectionString), ("RateLimiting:KeyPrefix", $"test:{Guid.NewGuid():N}"),
            ("RateLimiting:RedisTimeoutMilliseconds", "10000"), ("Identity:LoginAttemptsPerAccount", "2"), ("Identity:LoginWindow", "00:10:00"),
        ];
        await using var first = await IdentityApp.StartAsync(servers, provider, shared);
        var account = await first.RegisterAsync("replicated");
        await using var second = first.Restart(shared);

        using var failOnFirst = await first.LoginAsync("replicated", "wrong passphrase");
        using var failOnSecond = await second.LoginAsync("replicated", "wrong passphrase");
        using var throttledOnFirst = await first.LoginAsync("replicated", account.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, failOnFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, failOnSecond.StatusCode);
        Assert.Equal((HttpStatusCode)429, throttledOnFirst.StatusCode);
    }

    [Theory]
    [InlineData("""{"password":"a sturdy passphrase 42"}""", "username")]
    [InlineData("""{"username":"frank"}""", "password")]
    public async Task Login_MissingField_Returns400NamingIt(string json, string field)
    {
        await using var app = await IdentityApp.StartAsync(servers, DatabaseProvider.Sqlite);

        using var response = await app.Client.PostAsync("/api/auth/login", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory, BothProviders]
    public async Task Login_HashParametersRaised_RehashesAndStillLogsIn(DatabaseProvider provider)
    {
        await using var app = await IdentityApp.StartAsync(servers, provider, ("Identity:PasswordHashIterations", "10000"));
        var account = await app.RegisterAsync("grace");
        var before = await StoredHashAsync(app, account.Id);

        await using var raised = app.Restart(("Identity:PasswordHashIterations", "20000"));
        using var first = await raised.LoginAsync("grace", account.Password);
        var after = await StoredHashAsync(raised, account.Id);
        using var second = await raised.LoginAsync("grace", account.Password);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(before, after);
        // PasswordHasher V3 stores the iteration count big-endian at bytes 5..8 of the decoded hash.
        Assert.Equal(20000, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(after).AsSpan(5, 4)));
    }

    private static async Task<string> StoredHashAsync(IdentityApp app, string userId)
    {
        var store = (EndpointStats.Identity.Accounts.UserStore)app.Factory.Services.GetService(typeof(EndpointStats.Identity.Accounts.UserStore))!;
        return (await store.FindByIdAsync(userId, CancellationToken.None))!.PasswordHash;
    }
}
