using EndpointStats.Hosting.Storage;

namespace EndpointStats.Hosting.Migrations;

internal static class HistoryTableSql
{
    /// <summary>Arbitrary but fixed: every replica takes the same advisory lock before migrating.</summary>
    public const long PostgresAdvisoryLockKey = 0x4553_4D49_4752_0001;

    public static string Create(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? """
          CREATE TABLE IF NOT EXISTS schema_migrations (
              module text NOT NULL,
              version integer NOT NULL,
              name text NOT NULL,
              checksum text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (module, version));
          """
        : """
          CREATE TABLE IF NOT EXISTS schema_migrations (
              module TEXT NOT NULL,
              version INTEGER NOT NULL,
              name TEXT NOT NULL,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
              PRIMARY KEY (module, version));
          """;

    public const string SelectApplied = "SELECT module, version, checksum FROM schema_migrations";

    public const string Insert =
        "INSERT INTO schema_migrations (module, version, name, checksum) VALUES (@module, @version, @name, @checksum)";
}
