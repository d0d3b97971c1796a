using System.Net;
using EndpointStats.RateLimiting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EndpointStats.RateLimiting.Tests.Http;

public sealed class ClientAddressResolverTests
{
    private readonly ClientAddressResolver _resolver = new(Options.Create(new RateLimitingOptions { TrustedProxies = ["10.0.0.0/8", "192.0.2.1"] }));

    [Theory]
    [InlineData("203.0.113.9", "198.51.100.1", "203.0.113.9")]
    [InlineData("10.1.2.3", "198.51.100.1", "198.51.100.1")]
    [InlineData("10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9", "198.51.100.1")]
    [InlineData("10.1.2.3", "198.51.100.1, 192.0.2.1", "198.51.100.1")]
    [InlineData("10.1.2.3", "garbage", "10.1.2.3")]
    [InlineData("::ffff:10.1.2.3", "198.51.100.1", "198.51.100.1")]
    [InlineData("10.1.2.3", "", "10.1.2.3")]
    public void Resolve_ForwardedFor_BelievedOnlyFromTrustedProxies(string peer, string forwardedFor, string expected)
    {
        var client = _resolver.Resolve(IPAddress.Parse(peer), Forwarded(new StringValues(forwardedFor)));

        Assert.Equal(IPAddress.Parse(expected), client);
    }

    [Fact]
    public void Resolve_SeveralHeaderLines_ReadsTheLastLineFirst()
    {
        var client = _resolver.Resolve(IPAddress.Parse("10.0.0.1"), Forwarded(new StringValues(["1.1.1.1", "2.2.2.2, 10.0.0.7"])));

        Assert.Equal(IPAddress.Parse("2.2.2.2"), client);
    }

    [Fact]
    public void Create_InvalidTrustedProxy_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ClientAddressResolver(Options.Create(new RateLimitingOptions { TrustedProxies = ["not-a-network"] })));

        Assert.Contains("RateLimiting:TrustedProxies", error.Message, StringComparison.Ordinal);
    }

    private static HeaderDictionary Forwarded(StringValues forwardedFor) => new() { ["X-Forwarded-For"] = forwardedFor };
}
