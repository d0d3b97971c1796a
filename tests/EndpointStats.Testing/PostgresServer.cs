using Npgsql;

namespace EndpointStats.Testing;

/// <summary>
/// A throwaway PostgreSQL: <c>initdb</c> into a temporary directory, a random loopback port, fsync off. It can be stopped and
/// started again on the same port and data, for outage tests.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly string _binDirectory;

    private PostgresServer(string root, string binDirectory, int port)
    {
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        _binDirectory = binDirectory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => DatabaseConnectionString("postgres");

    public string DatabaseConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=60;Include Error Detail=true";

    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = FindBinDirectory();
        var root = Directory.CreateTempSubdirectory("es-pg-").FullName;
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunCheckedAsync("chown", "-R", "postgres:postgres", root);
        }

        var server = new PostgresServer(root, bin, FreePort.Next());
        await ProcessRunner.RunAsPostgresAsync(Path.Combine(bin, "initdb"),
            "-D", server._dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => ProcessRunner.RunAsPostgresAsync(Path.Combine(_binDirectory, "pg_ctl"),
        "-D", _dataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start", "-o",
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
        "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB");

    public async Task StopAsync()
    {
        await ProcessRunner.RunAsPostgresAsync(Path.Combine(_binDirectory, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return DatabaseConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunAsPostgresAsync(Path.Combine(_binDirectory, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped by an outage test.
        }

        Directory.Delete(_root, recursive: true);
    }

    private static string FindBinDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Where(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")))
               ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found; run ./test.sh, which installs them.");
    }
}
