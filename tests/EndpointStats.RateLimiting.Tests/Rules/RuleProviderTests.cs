using EndpointStats.RateLimiting.Rules;
using EndpointStats.RateLimiting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.RateLimiting.Tests.Rules;

public sealed class RuleProviderTests : IDisposable
{
    private readonly ConfigMapDirectory _configMap = new(RateLimitHost.OneRule("/orders", 10));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ListLogger<RuleProvider> _logger = new();

    public void Dispose()
    {
        _services.Dispose();
        _configMap.Dispose();
    }

    [Theory]
    [InlineData("""{ "Rules": [ { "Name": "t", "Route": "/", "Limits": [ { "Permitted": 5, "Period": "5x" } ] } ] }""", "Period '5x'")]
    [InlineData("""{ "Rules": [ { "Name": "t", "Route": "/", "Limits": [ { "Permited": 5, "Period": "1m" } ] } ] }""", "Permited")]
    [InlineData("""{ "Rules": [ { "Name": "t", "Route": "/", "Limits": [ { "Permitted": 0, "Period": "1m" } ] } ] }""", "Permitted must be at least 1")]
    [InlineData("""{ "Rules": [ { "Name": "t", "Limits": [ { "Permitted": 5, "Period": "1m" } ] } ] }""", "exactly one of Route or PathPrefix")]
    [InlineData("""{ "Rules": [ { "Name": "t", "Route": "/", "Limits": [ { "Permitted": 5, "Period": "1m", "Key": "cookie" } ] } ] }""", "Key 'cookie'")]
    [InlineData("""{ "Rules": [ { "Name": "t", "Route": "/", "FailureMode": "sometimes", "Limits": [ { "Permitted": 5, "Period": "1m" } ] } ] }""", "FailureMode 'sometimes'")]
    [InlineData("""{ "Rules": [ """, "not valid rules JSON")]
    public void PollFile_InvalidUpdate_LogsTheProblemAndKeepsThePreviousRules(string content, string problem)
    {
        using var provider = Create();
        var before = provider.Current;

        _configMap.Update(content);
        provider.PollFile();

        Assert.Same(before, provider.Current);
        var error = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(2003, error.Id.Id);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(_configMap.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PollFile_FileDeletedAndPolledTwice_ReportsOnceAndKeepsTheRules()
    {
        using var provider = Create();
        var before = provider.Current;

        File.Delete(Path.Combine(_configMap.Root, "..data", "rules.json"));
        provider.PollFile();
        provider.PollFile();

        Assert.Same(before, provider.Current);
        var error = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PollFile_ValidUpdateThroughSymlinkSwap_SwapsTheRules()
    {
        using var provider = Create();

        _configMap.Update(RateLimitHost.OneRule("/orders", 42, "1h"));
        provider.PollFile();

        var rule = provider.Current.Match("GET", "/orders", null);
        Assert.Equal((42L, TimeSpan.FromHours(1)), (rule.Limits[0].Limit.Permitted, rule.Limits[0].Limit.Period));
        Assert.DoesNotContain(_logger.Entries, e => e.Level == LogLevel.Error);
    }

    private RuleProvider Create()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var options = new RateLimitingOptions { RulesFile = _configMap.FilePath, RulesFilePollSeconds = 3600 };
        return new RuleProvider(configuration, Options.Create(options), new RateLimitingMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _logger, TimeProvider.System);
    }
}
