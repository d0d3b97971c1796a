using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Engine;

public sealed class MemoryBoundTests
{
    [Fact]
    public void Decide_AMillionDistinctKeys_KeyCountStaysBounded()
    {
        var clock = new ManualClock();
        using var store = new MemoryRateLimitStore(clock, maxKeys: 10_000);
        var limit = new RateLimit("flood", 100, TimeSpan.FromMinutes(1));
        var checks = new LimitCheck[1];
        var peak = 0;

        for (var i = 0; i < 1_000_000; i++)
        {
            checks[0] = new LimitCheck(limit, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(store.Decide(checks, 1).Allowed);
            peak = Math.Max(peak, store.Count);
            if (i % 1000 == 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        Assert.InRange(peak, 1, store.MaxKeys + 1);
        Assert.InRange(store.Count, 1, store.MaxKeys);
    }

    [Fact]
    public void Decide_OverTheBound_KeepsTheBusiestKeys()
    {
        var clock = new ManualClock();
        using var store = new MemoryRateLimitStore(clock, maxKeys: 1_000);
        var limit = new RateLimit("keep", 10, TimeSpan.FromMinutes(1));
        LimitCheck[] hot = [new(limit, "hot")];
        for (var i = 0; i < 10; i++)
        {
            store.Decide(hot, 1);
        }

        for (var i = 0; i < 5_000; i++)
        {
            store.Decide([new LimitCheck(limit, $"cold-{i}")], 1);
        }

        Assert.False(store.Decide(hot, 1).Allowed);
    }
}
