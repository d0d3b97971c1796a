namespace EndpointStats.Hosting.Storage;

/// <summary>Which relational database backs the modules: the embedded file or a PostgreSQL server.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
