using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EndpointStats.Hosting.Storage;

/// <summary>
/// Reads the database and Redis connection strings, accepting the seeds' variables as aliases:
/// <c>DATABASE_URL</c> (a <c>postgresql://</c> URL) and <c>REDIS_HOST</c>/<c>REDIS_PORT</c>/<c>REDIS_PASSWORD</c>.
/// The <c>ConnectionStrings</c> entries win when both are set.
/// </summary>
public static class ConnectionSettings
{
    public static string? Postgres(IConfiguration configuration)
    {
        var explicitValue = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(explicitValue))
        {
            return Validate(explicitValue, "ConnectionStrings:Postgres");
        }

        var url = configuration["DATABASE_URL"];
        return string.IsNullOrWhiteSpace(url) ? null : FromDatabaseUrl(url);
    }

    public static string? Redis(IConfiguration configuration)
    {
        var explicitValue = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(explicitValue))
        {
            return explicitValue;
        }

        var host = configuration["REDIS_HOST"];
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        var port = configuration["REDIS_PORT"] is { Length: > 0 } p ? p : "6379";
        if (!int.TryParse(port, out var portNumber) || portNumber is < 1 or > 65535)
        {
            throw new InvalidConfigurationException("REDIS_PORT", $"'{port}' is not a TCP port (1-65535).");
        }

        var password = configuration["REDIS_PASSWORD"];
        return string.IsNullOrEmpty(password) ? $"{host}:{portNumber}" : $"{host}:{portNumber},password={password}";
    }

    /// <summary>Turns <c>postgresql://user:pass@host:port/db?sslmode=require</c> into an Npgsql connection string.</summary>
    public static string FromDatabaseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new InvalidConfigurationException("DATABASE_URL", "expected postgresql://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            try
            {
                builder[key == "sslmode" ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException)
            {
                throw new InvalidConfigurationException("DATABASE_URL", $"unknown or invalid parameter '{key}'.");
            }
        }

        return builder.ConnectionString;
    }

    private static string Validate(string connectionString, string setting)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return connectionString;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidConfigurationException(setting, ex.Message);
        }
    }
}
