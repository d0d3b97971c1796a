using EndpointStats.Hosting.Storage;
using Xunit;

namespace EndpointStats.Testing;

/// <summary>
/// One PostgreSQL and one Redis for the whole test assembly (an xUnit assembly fixture), removed at the end.
/// Tests isolate themselves with a database or key prefix of their own; outage tests start servers of their own.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Not started.");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.StartNewAsync();
        var redis = RedisServer.StartNewAsync();
        _postgres = await postgres;
        _redis = await redis;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>Fresh storage for one test: an empty SQLite directory, or an empty PostgreSQL database (plus a directory for files).</summary>
    public async Task<TestStorage> CreateStorageAsync(DatabaseProvider provider)
    {
        var directory = Directory.CreateTempSubdirectory("es-test-").FullName;
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory };
        string? connectionString = null;
        if (provider == DatabaseProvider.Postgres)
        {
            connectionString = await Postgres.CreateDatabaseAsync();
            settings["ConnectionStrings:Postgres"] = connectionString;
        }

        return new TestStorage(provider, directory, connectionString, settings);
    }
}
