namespace EndpointStats.RateLimiting.Tests.Rules;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("RateLimiting__TrustedProxies__0", "10.0.0.0/99", "RateLimiting:TrustedProxies")]
    [InlineData("RateLimiting__RedisTimeoutMilliseconds", "0", "RedisTimeoutMilliseconds")]
    [InlineData("RateLimiting__Memory__MaxKeys", "5", "RateLimiting:Memory:MaxKeys")]
    [InlineData("RateLimiting__Rules__0__Route", "/x", "RateLimiting section: Rules[0]: Name is required")]
    public async Task Serve_InvalidSetting_StopsNamingTheSetting(string variable, string value, string named)
    {
        var directory = Directory.CreateTempSubdirectory("es-rl-start-").FullName;
        try
        {
            var (exitCode, output) = await ProcessRunner.RunAsync(
                "dotnet",
                [typeof(Program).Assembly.Location, "serve", "--role", "gateway,ratelimiter", "--urls", "http://127.0.0.1:0"],
                directory,
                new Dictionary<string, string?> { [variable] = value },
                TimeSpan.FromSeconds(60));

            Assert.NotEqual(0, exitCode);
            Assert.Contains(named, output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
