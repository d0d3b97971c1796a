using EndpointStats.Analytics.Queries;
using EndpointStats.Gateway.Recording;

namespace EndpointStats.Analytics.Tests;

public sealed class ParsingTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 12, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("1h", 1)]
    [InlineData("6h", 6)]
    [InlineData("24h", 24)]
    [InlineData("7d", 168)]
    [InlineData("30d", 720)]
    public void Parse_KnownPeriod_EndsNowAndSpansIt(string period, int hours)
    {
        var range = TimeRange.Parse(period, null, null, Now, "24h", []);

        Assert.Equal(new TimeRange(Now.AddHours(-hours), Now), range);
    }

    [Fact]
    public void Parse_UnknownPeriod_ListsAllowedValues()
    {
        var errors = new Dictionary<string, string[]>();

        var range = TimeRange.Parse("2d", null, null, Now, "24h", errors);

        Assert.Null(range);
        Assert.Contains("1h, 6h, 24h, 7d, 30d", errors["period"][0]);
    }

    [Fact]
    public void Parse_FromAndTo_UsesThemAsUtc()
    {
        var range = TimeRange.Parse(null, "2026-03-01T00:00:00+02:00", "2026-03-02T00:00:00Z", Now, "24h", []);

        Assert.Equal(new TimeRange(new DateTime(2026, 2, 28, 22, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc)), range);
    }

    [Theory]
    [InlineData("yesterday", null, "from")]
    [InlineData("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", "to")]
    [InlineData(null, "2026-03-01T00:00:00Z", "from")]
    public void Parse_BadRange_NamesTheParameter(string? from, string? to, string field)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(TimeRange.Parse(null, from, to, Now, "24h", errors));
        Assert.True(errors.ContainsKey(field), string.Join(", ", errors.Keys));
    }

    [Theory]
    [InlineData("/api/users/42/orders", "/api/users/{id}/orders")]
    [InlineData("/api/images/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "/api/images/{id}")]
    [InlineData("/api/blobs/9f86d081884c7d659a2feaa0c55ad015", "/api/blobs/{id}")]
    [InlineData("/api/tokens/dGhpc2lzYXRva2VuMTIzNDU2Nzg5", "/api/tokens/{id}")]
    [InlineData("/api/images/latest", "/api/images/latest")]
    [InlineData("/api/v2/items", "/api/v2/items")]
    public void Normalise_IdentifierSegments_BecomeIdPlaceholders(string path, string expected) =>
        Assert.Equal(expected, PathNormaliser.Normalise(path));
}
