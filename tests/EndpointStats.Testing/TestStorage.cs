using EndpointStats.Hosting.Storage;

namespace EndpointStats.Testing;

/// <summary>Storage made for one test, as the configuration settings that point the platform at it.</summary>
public sealed record TestStorage(
    DatabaseProvider Provider,
    string DataDirectory,
    string? PostgresConnectionString,
    IReadOnlyDictionary<string, string?> Settings)
{
    public string SqliteFile => Path.Combine(DataDirectory, StorageExtensions.SqliteFileName);

    public override string ToString() => Provider.ToString();
}
