using EndpointStats.Hosting.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.RateLimiting.Tests.Support;

internal static class RedisWait
{
    /// <summary>The multiplexer connects in the background; decisions before that fall back to memory by design.</summary>
    public static async Task ConnectedAsync(PlatformFactory factory)
    {
        var redis = factory.Services.GetRequiredService<PlatformRedis>().Multiplexer!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!redis.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
