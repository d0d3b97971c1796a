using EndpointStats.Cluster.Views;

namespace EndpointStats.Cluster.Tests;

public sealed class AgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(12 * 60 + 30, "12m")]
    [InlineData(2 * 3600 + 59 * 60, "2h")]
    [InlineData(26 * 3600, "1d 2h")]
    [InlineData(3 * 86400, "3d 0h")]
    public void Format_Elapsed_SeedStyle(int seconds, string expected) =>
        Assert.Equal(expected, Age.Format(Now.AddSeconds(-seconds), Now));

    [Fact]
    public void Format_CreatedInTheFutureBySkew_ZeroSeconds() => Assert.Equal("0s", Age.Format(Now.AddSeconds(5), Now));
}
