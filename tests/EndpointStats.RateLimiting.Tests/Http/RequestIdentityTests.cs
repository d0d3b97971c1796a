using System.Net;
using EndpointStats.RateLimiting.Http;
using EndpointStats.RateLimiting.Rules;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class RequestIdentityTests
{
    private static readonly Rule Rule = RuleCompiler.Compile(
        RuleCompiler.Merge(BuiltInRules.Document, new RulesDocument
        {
            Rules =
            [
                new RuleConfig
                {
                    Name = "mixed",
                    PathPrefix = "/",
                    Limits =
                    [
                        new LimitConfig { Name = "a", Permitted = 1, Period = "1m", Key = "ip" },
                        new LimitConfig { Name = "b", Permitted = 1, Period = "1m", Key = "user" },
                        new LimitConfig { Name = "c", Permitted = 1, Period = "1m", Key = "api-key" },
                        new LimitConfig { Name = "d", Permitted = 1, Period = "1m", Key = "header:X-Tenant" },
                        new LimitConfig { Name = "e", Permitted = 1, Period = "1m", Key = "route" },
                        new LimitConfig { Name = "f", Permitted = 1, Period = "1m", Key = "global" },
                    ],
                },
            ],
        }),
        out _)!.Rules.Single(r => r.Name == "mixed");

    [Fact]
    public void Checks_AuthenticatedWithHeaders_KeysByEachKind()
    {
        var headers = new HeaderDictionary { ["X-Tenant"] = "acme" };
        var identity = new RequestIdentity(IPAddress.Parse("198.51.100.4"), "user-17", "k-1", "/api/images/{id}", headers);

        var keys = identity.Checks(Rule).Select(c => c.Key);

        Assert.Equal(["ip:198.51.100.4", "user:user-17", "key:k-1", "h:X-Tenant:acme", "route:/api/images/{id}", "global"], keys);
    }

    [Fact]
    public void Checks_Anonymous_FallBackToTheIpUnderTheirOwnKind()
    {
        var identity = new RequestIdentity(IPAddress.Parse("198.51.100.4"), null, null, "/x", new HeaderDictionary());

        var keys = identity.Checks(Rule).Select(c => c.Key).ToList();

        Assert.Equal(["ip:198.51.100.4", "user-ip:198.51.100.4", "key-ip:198.51.100.4", "h-ip:X-Tenant:198.51.100.4", "route:/x", "global"], keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Checks_HugeHeaderValue_IsHashedToABoundedKey()
    {
        var identity = new RequestIdentity(null, new string('u', 5000), null, "/x", null);

        Assert.InRange(identity.Checks(Rule)[1].Key.Length, 1, 80);
    }
}
