using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Tests.Support;

namespace EndpointStats.RateLimiting.Tests.Engine;

public sealed class MemoryStoreTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MemoryRateLimitStore _store;

    public MemoryStoreTests() => _store = new MemoryRateLimitStore(_clock);

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Decide_BurstUsedUp_RejectsUntilOneIntervalPasses()
    {
        var limit = new RateLimit("ten-per-minute", 10, TimeSpan.FromMinutes(1));
        LimitCheck[] checks = [new(limit, "client")];

        var remaining = Enumerable.Range(0, 10).Select(_ => _store.Decide(checks, 1)).Select(d => (d.Allowed, d.Remaining)).ToList();
        var rejected = _store.Decide(checks, 1);
        _clock.Advance(TimeSpan.FromSeconds(5.9));
        var stillRejected = _store.Decide(checks, 1);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        var allowedAgain = _store.Decide(checks, 1);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (true, 9L - i)), remaining);
        Assert.Equal(RateLimitOutcome.Limited, rejected.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(6), rejected.RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), rejected.ResetAfter);
        Assert.False(stillRejected.Allowed);
        Assert.True(allowedAgain.Allowed);
        Assert.Equal(0, allowedAgain.Remaining);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(60, 100)]
    [InlineData(3600, 1000)]
    [InlineData(86400, 24)]
    [InlineData(2592000, 30)]
    public void Decide_AnyPeriod_EarnsBackOneRequestPerInterval(int periodSeconds, int permitted)
    {
        var period = TimeSpan.FromSeconds(periodSeconds);
        LimitCheck[] checks = [new(new RateLimit($"p{periodSeconds}", permitted, period), "client")];

        var allowed = Enumerable.Range(0, permitted * 2).Count(_ => _store.Decide(checks, 1).Allowed);
        _clock.Advance(period / 2);
        var afterHalf = Enumerable.Range(0, permitted).Count(_ => _store.Decide(checks, 1).Allowed);
        _clock.Advance(period);
        var afterFull = Enumerable.Range(0, permitted * 2).Count(_ => _store.Decide(checks, 1).Allowed);

        Assert.Equal(permitted, allowed);
        Assert.Equal(permitted / 2, afterHalf);
        Assert.Equal(permitted, afterFull);
    }

    [Fact]
    public void Decide_Weights_ConsumeTheirCostAndARejectedRequestConsumesNothing()
    {
        LimitCheck[] checks = [new(new RateLimit("weighted", 10, TimeSpan.FromMinutes(1)), "client")];

        var three = _store.Decide(checks, 3);
        var eight = _store.Decide(checks, 8);
        var seven = _store.Decide(checks, 7);
        var oneMore = _store.Decide(checks, 1);

        Assert.Equal((true, 7L), (three.Allowed, three.Remaining));
        Assert.Equal((false, 7L), (eight.Allowed, eight.Remaining));
        Assert.Equal(TimeSpan.FromSeconds(6), eight.RetryAfter);
        Assert.Equal((true, 0L), (seven.Allowed, seven.Remaining));
        Assert.False(oneMore.Allowed);
    }

    [Fact]
    public void Decide_CostAboveBurst_IsNeverAllowed()
    {
        LimitCheck[] checks = [new(new RateLimit("small", 5, TimeSpan.FromSeconds(10)), "client")];

        var decision = _store.Decide(checks, 6);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.False(decision.Allowed);
        Assert.False(_store.Decide(checks, 6).Allowed);
        Assert.True(_store.Decide(checks, 5).Allowed);
    }

    [Fact]
    public void Decide_SeveralLimits_RejectedByOneConsumesNothingFromTheOthers()
    {
        var perSecond = new RateLimit("burst", 2, TimeSpan.FromSeconds(1));
        var perHour = new RateLimit("hourly", 1000, TimeSpan.FromHours(1));
        LimitCheck[] both = [new(perHour, "client"), new(perSecond, "client")];
        LimitCheck[] hourOnly = [new(perHour, "client")];

        var decisions = Enumerable.Range(0, 5).Select(_ => _store.Decide(both, 1)).ToList();
        var hourly = _store.Decide(hourOnly, 0);

        Assert.Equal([true, true, false, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal("burst", decisions[1].Limit!.Name);
        Assert.Equal("burst", decisions[2].Limit!.Name);
        Assert.Equal(998, hourly.Remaining);
    }

    [Fact]
    public async Task Decide_ManyThreadsOneKey_AllowsExactlyTheLimit()
    {
        LimitCheck[] checks = [new(new RateLimit("contended", 100, TimeSpan.FromMinutes(1)), "client"), new(new RateLimit("other", 150, TimeSpan.FromMinutes(1)), "client")];

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => _store.Decide(checks, 1).Allowed)));

        Assert.Equal(100, results.Count(a => a));
        Assert.Equal(50, _store.Decide([checks[1]], 0).Remaining);
    }

    [Fact]
    public void Sweep_DrainedKeys_AreRemovedAndBusyOnesKept()
    {
        var limit = new RateLimit("sweep", 10, TimeSpan.FromMinutes(1));
        _store.Decide([new(limit, "idle")], 1);
        _clock.Advance(TimeSpan.FromSeconds(30));
        _store.Decide([new(limit, "busy")], 1);
        _clock.Advance(TimeSpan.FromSeconds(5));

        _store.Sweep();

        Assert.Equal(1, _store.Count);
        Assert.Equal(9, _store.Decide([new(limit, "busy")], 0).Remaining);
    }
}
