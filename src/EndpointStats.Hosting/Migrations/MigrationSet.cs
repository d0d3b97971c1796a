using System.Reflection;
using System.Text.RegularExpressions;

namespace EndpointStats.Hosting.Migrations;

/// <summary>
/// A module's migrations. Modules ship them as embedded resources in a folder (default <c>Migrations/</c>), named
/// <c>NNNN_description.postgres.sql</c> and <c>NNNN_description.sqlite.sql</c>; both files must exist for every version.
/// </summary>
public sealed partial record MigrationSet(string Module, IReadOnlyList<Migration> Migrations)
{
    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    public static MigrationSet FromEmbeddedResources(string module, Assembly assembly, string folder = "Migrations")
    {
        var marker = "." + folder.Replace('/', '.') + ".";
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal))
            .Select(name => (name, match: ResourceName().Match(name)))
            .Where(x => x.match.Success)
            .Select(x => (x.name, version: int.Parse(x.match.Groups["version"].Value),
                description: x.match.Groups["description"].Value, provider: x.match.Groups["provider"].Value))
            .ToList();

        var migrations = new List<Migration>();
        foreach (var group in files.GroupBy(f => f.version).OrderBy(g => g.Key))
        {
            var postgres = group.SingleOrDefault(f => f.provider == "postgres");
            var sqlite = group.SingleOrDefault(f => f.provider == "sqlite");
            if (postgres.name is null || sqlite.name is null)
            {
                throw new InvalidOperationException(
                    $"Migration {group.Key} of module '{module}' needs both a .postgres.sql and a .sqlite.sql file.");
            }

            migrations.Add(new Migration(group.Key, postgres.description, Read(assembly, postgres.name), Read(assembly, sqlite.name)));
        }

        return new MigrationSet(module, migrations);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.(?<version>\d{4})_(?<description>[a-z0-9_]+)\.(?<provider>postgres|sqlite)\.sql$")]
    private static partial Regex ResourceName();
}
