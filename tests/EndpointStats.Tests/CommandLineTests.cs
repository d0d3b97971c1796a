namespace EndpointStats.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Version_PrintsVersion_ExitsZero()
    {
        var (code, output) = await Binary.RunAsync(["version"]);

        Assert.Equal(0, code);
        Assert.Matches(@"^endpoint-stats \d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Serve_UnknownRole_ExitsTwoListingValidRoles()
    {
        var (code, output) = await Binary.RunAsync(["serve", "--role", "gateway,bogus"]);

        Assert.Equal(2, code);
        Assert.Contains("Unknown role 'bogus'", output);
        Assert.Contains("all, gateway, ratelimiter, analytics, identity, images, cluster", output);
    }

    [Fact]
    public async Task Root_UnknownCommand_ExitsTwo()
    {
        var (code, output) = await Binary.RunAsync(["servee"]);

        Assert.Equal(2, code);
        Assert.Contains("unknown command 'servee'", output);
    }

    [Theory]
    [InlineData("--help", "serve")]
    [InlineData("serve --help", "--role")]
    [InlineData("migrate --help", "migrations")]
    [InlineData("version --help", "version")]
    public async Task Help_OnEveryCommand_DescribesIt(string args, string expected)
    {
        var (code, output) = await Binary.RunAsync(args.Split(' '));

        Assert.Equal(0, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task Serve_InvalidSetting_ExitsOneNamingTheSetting()
    {
        var directory = Directory.CreateTempSubdirectory("es-cli-").FullName;

        var (code, output) = await Binary.RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--Hosting:ShutdownTimeout=00:00:00"], directory);

        Assert.Equal(1, code);
        Assert.Contains("Hosting:ShutdownTimeout", output);
    }

    [Fact]
    public async Task Serve_MalformedDatabaseUrl_ExitsOneNamingTheVariable()
    {
        var directory = Directory.CreateTempSubdirectory("es-cli-").FullName;

        var (code, output) = await Binary.RunAsync(["serve", "--urls", $"http://127.0.0.1:{FreePort.Next()}"], directory,
            new Dictionary<string, string?> { ["DATABASE_URL"] = "mysql://nope" });

        Assert.Equal(1, code);
        Assert.Contains("DATABASE_URL", output);
    }

    [Fact]
    public async Task Migrate_DatabaseRefusesConnection_ExitsOneWithoutStackTrace()
    {
        var closedPort = FreePort.Next();

        var (code, output) = await Binary.RunAsync(["migrate", $"--ConnectionStrings:Postgres=Host=127.0.0.1;Port={closedPort};Username=x;Timeout=2",
            "--Storage:StartupWaitSeconds=0"]);

        Assert.Equal(1, code);
        Assert.Contains("endpoint-stats: Database not usable", output);
        Assert.DoesNotContain("   at ", output);
    }
}
