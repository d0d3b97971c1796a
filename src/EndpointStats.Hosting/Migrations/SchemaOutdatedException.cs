namespace EndpointStats.Hosting.Migrations;

/// <summary>Thrown at start when the schema is behind the binary and this process may not migrate it.</summary>
public sealed class SchemaOutdatedException(IEnumerable<SchemaStatus> outdated)
    : Exception("The database schema is outdated (" +
                string.Join(", ", outdated.Select(s => $"{s.Module} at version {s.AppliedVersion}, needs {s.LatestVersion}")) +
                "). Run `endpoint-stats migrate`, or set Storage:MigrateOnStart=true.");
