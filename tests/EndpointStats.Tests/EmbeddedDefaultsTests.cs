using System.Net;

namespace EndpointStats.Tests;

/// <summary>The first Quick start command: no PostgreSQL, no Redis, nothing configured.</summary>
public sealed class EmbeddedDefaultsTests
{
    [Fact]
    // Start-up time is measured by bench/gateway.sh, not asserted here: test machines are shared and noisy.
    public async Task Serve_WithNothingConfigured_AnswersAndWritesSqliteUnderData()
    {
        var directory = Directory.CreateTempSubdirectory("es-embedded-").FullName;
        await using var server = ServerProcess.Start(Binary.Path, directory, []);

        await server.WaitUntilOkAsync("/healthz/ready", TimeSpan.FromSeconds(60));
        using var client = server.CreateClient();
        using var welcome = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, welcome.StatusCode);
        Assert.True(File.Exists(Path.Combine(directory, "data", "endpoint-stats.db")));
        var health = await client.GetStringAsync("/health");
        Assert.Contains("\"database\":\"up\"", health);
        Assert.Contains("\"redis\":\"not configured\"", health);
    }

    [Fact]
    public async Task Serve_OnSigterm_ExitsCleanly()
    {
        var directory = Directory.CreateTempSubdirectory("es-embedded-").FullName;
        await using var server = ServerProcess.Start(Binary.Path, directory, []);
        await server.WaitUntilOkAsync("/healthz/live", TimeSpan.FromSeconds(30));

        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", server.Output);
    }
}
