using System.Security.Cryptography;
using System.Text;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Hosting.Migrations;

/// <summary>One versioned schema change of one module, written once per provider.</summary>
public sealed record Migration(int Version, string Name, string PostgresSql, string SqliteSql)
{
    public string SqlFor(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? PostgresSql : SqliteSql;

    public string ChecksumFor(DatabaseProvider provider) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SqlFor(provider).ReplaceLineEndings("\n"))));
}
