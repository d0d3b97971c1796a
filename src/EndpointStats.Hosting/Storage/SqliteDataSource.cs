using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace EndpointStats.Hosting.Storage;

/// <summary>
/// A <see cref="DbDataSource"/> over an SQLite file, so modules use one abstraction for both providers.
/// The file is put in WAL mode once, with 16 KiB pages when new; per-connection pragmas trade a little durability on power loss for write speed,
/// the same choice most embedded servers make.
/// </summary>
public sealed class SqliteDataSource : DbDataSource
{
    private const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
    private const int ConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD

    /// <summary>
    /// Multi-thread mode rather than SQLite's default serialized mode: no mutex on each connection, which every API call
    /// (each bind and step) would otherwise lock and unlock; a tenth of the analytics writer's time went there. It is safe
    /// because no connection here is ever used by two threads at once: ADO.NET connections are not shareable, the pool
    /// hands one to one user at a time, and the analytics writer keeps its own on its own thread. SQLite accepts the
    /// setting only before it initialises, so the first data source of the process makes it (a later one changes nothing).
    /// </summary>
    static SqliteDataSource()
    {
        SQLitePCL.Batteries_V2.Init();
        MultiThreaded = SQLitePCL.raw.sqlite3_config(ConfigMultiThread) == SQLitePCL.raw.SQLITE_OK;
    }

    /// <summary>Whether SQLite runs in multi-thread mode (false if something in the process initialised it first).</summary>
    public static bool MultiThreaded { get; }

    public SqliteDataSource(string filePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
        FilePath = filePath;

        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // 16 KiB pages for a new file (an existing one keeps its size): appending rows costs fewer page splits and WAL
        // frames per row, which is most of the analytics writer's work; the page size must be set before WAL mode.
        command.CommandText = "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public string FilePath { get; }

    [AllowNull]
    public override string ConnectionString { get; }

    protected override DbConnection CreateDbConnection() => new SqliteConnection(ConnectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
