using System.Data.Common;

namespace EndpointStats.Hosting.Storage;

/// <summary>The one relational database of this process: its provider (for dialect choices) and its pooled data source.</summary>
public sealed class PlatformDatabase(DatabaseProvider provider, DbDataSource dataSource, string description)
{
    public DatabaseProvider Provider { get; } = provider;

    public DbDataSource DataSource { get; } = dataSource;

    /// <summary>Where the data lives, without credentials (for logs).</summary>
    public string Description { get; } = description;

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
}
