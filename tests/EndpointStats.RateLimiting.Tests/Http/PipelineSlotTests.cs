using System.Net;
using System.Security.Claims;
using EndpointStats.Gateway.Pipeline;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class PipelineSlotTests
{
    private const string Rules = """{ "Rules": [ { "Name": "per-user", "Route": "/", "Limits": [ { "Permitted": 1, "Period": "1h", "Key": "user" } ] } ] }""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_UserKeyedRule_CountsEachSubClaimApartAndAnonymousByIp()
    {
        using var host = new RateLimitHost(Rules);
        await using var factory = host.CreateFactory();
        await using var withAuth = RateLimitHost.WithStage(factory, GatewaySlot.Authentication, async (context, next) =>
        {
            if (context.Request.Headers["X-Test-User"].ToString() is { Length: > 0 } user)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "test"));
            }

            await next(context);
        });
        var client = withAuth.CreateClient();

        async Task<HttpStatusCode> Get(string? user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            if (user is not null)
            {
                request.Headers.Add("X-Test-User", user);
            }

            return (await client.SendAsync(request, Ct)).StatusCode;
        }

        var alice = await Get("alice");
        var aliceAgain = await Get("alice");
        var bob = await Get("bob");
        var anonymous = await Get(null);
        var anonymousAgain = await Get(null);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            [alice, aliceAgain, bob, anonymous, anonymousAgain]);
    }

    [Fact]
    public async Task Gateway_LimitedRequest_StillFlowsThroughTheRecordingSlot()
    {
        using var host = new RateLimitHost(RateLimitHost.OneRule("/", 1));
        await using var factory = host.CreateFactory();
        var recorded = new List<(string Path, int Status)>();
        await using var withRecorder = RateLimitHost.WithStage(factory, GatewaySlot.Recording, async (context, next) =>
        {
            await next(context);
            lock (recorded)
            {
                recorded.Add((context.Request.Path.Value!, context.Response.StatusCode));
            }
        });
        var client = withRecorder.CreateClient();

        await client.GetAsync("/", Ct);
        await client.GetAsync("/", Ct);

        Assert.Equal([("/", 200), ("/", 429)], recorded);
    }
}
