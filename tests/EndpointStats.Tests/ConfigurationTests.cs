using EndpointStats.Hosting;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EndpointStats.Tests;

public sealed class ConfigurationTests(TestServers servers)
{
    [Fact]
    public void DatabaseUrl_SeedStyleUrl_BecomesNpgsqlConnectionString()
    {
        var connectionString = ConnectionSettings.FromDatabaseUrl("postgresql://app%40svc:p%3Ass@db.example:6543/stats?sslmode=require");
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);

        Assert.Equal("db.example", parsed.Host);
        Assert.Equal(6543, parsed.Port);
        Assert.Equal("stats", parsed.Database);
        Assert.Equal("app@svc", parsed.Username);
        Assert.Equal("p:ss", parsed.Password);
        Assert.Equal(SslMode.Require, parsed.SslMode);
    }

    [Theory]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("not a url")]
    [InlineData("postgresql://u:p@h/db?nonsense=1")]
    public void DatabaseUrl_Invalid_ErrorNamesTheVariable(string url)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ConnectionSettings.FromDatabaseUrl(url));

        Assert.Equal("DATABASE_URL", error.Setting);
    }

    [Fact]
    public void Postgres_ExplicitConnectionStringAndAlias_ExplicitWins()
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", "Host=explicit"), ("DATABASE_URL", "postgresql://u:p@alias/db"));

        Assert.Equal("Host=explicit", ConnectionSettings.Postgres(configuration));
    }

    [Fact]
    public void Redis_HostAndPortAliases_BecomeConnectionString()
    {
        Assert.Equal("cache:6380", ConnectionSettings.Redis(Configuration(("REDIS_HOST", "cache"), ("REDIS_PORT", "6380"))));
        Assert.Equal("cache:6379", ConnectionSettings.Redis(Configuration(("REDIS_HOST", "cache"))));
        Assert.Null(ConnectionSettings.Redis(Configuration()));
        Assert.Equal("REDIS_PORT", Assert.Throws<InvalidConfigurationException>(
            () => ConnectionSettings.Redis(Configuration(("REDIS_HOST", "cache"), ("REDIS_PORT", "99999")))).Setting);
    }

    [Fact]
    public async Task Serve_SeedAliasesForRealServers_ReportsBothUp()
    {
        var database = new NpgsqlConnectionStringBuilder(await servers.Postgres.CreateDatabaseAsync());
        var directory = Directory.CreateTempSubdirectory("es-alias-").FullName;
        await using var server = ServerProcess.Start(Binary.Path, directory, [], new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = $"postgresql://postgres@127.0.0.1:{servers.Postgres.Port}/{database.Database}",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = servers.Redis.Port.ToString(),
        });

        await server.WaitUntilOkAsync("/health", TimeSpan.FromSeconds(60));
        using var client = server.CreateClient();
        var health = await client.GetStringAsync("/health");

        Assert.Contains("\"database\":\"up\"", health);
        Assert.Contains("\"redis\":\"up\"", health);
        Assert.False(File.Exists(Path.Combine(directory, "data", StorageExtensions.SqliteFileName)));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
