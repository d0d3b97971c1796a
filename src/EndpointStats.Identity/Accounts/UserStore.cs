using System.Data.Common;
using EndpointStats.Hosting.Security;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Identity.Accounts;

/// <summary>Accounts in the platform database; the same SQL runs on SQLite and PostgreSQL.</summary>
public sealed partial class UserStore(PlatformDatabase database, TimeProvider time)
{
    private const string Columns = "id, username, email, password_hash, role, display_name, bio, avatar_image_id, created_at";

    /// <summary>Inserts the account; the first account of the install becomes admin. Null when the username or email is taken.</summary>
    public async Task<UserAccount?> CreateAsync(string username, string email, string passwordHash, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7().ToString();
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ExistsAsync(connection, transaction, username, email, cancellationToken))
        {
            return null;
        }

        await using (var bootstrap = connection.CreateCommand(
            "INSERT INTO identity_bootstrap (id, user_id) VALUES (1, @id) ON CONFLICT (id) DO NOTHING", ("@id", id)))
        {
            bootstrap.Transaction = transaction;
            var first = await bootstrap.ExecuteNonQueryAsync(cancellationToken) == 1;
            var role = first ? PlatformClaims.AdminRole : PlatformClaims.UserRole;
            await using var insert = connection.CreateCommand(
                "INSERT INTO identity_users (id, username, email, password_hash, role, created_at, updated_at) " +
                "VALUES (@id, @username, @email, @hash, @role, @now, @now)",
                ("@id", id), ("@username", username), ("@email", email), ("@hash", passwordHash), ("@role", role), ("@now", now));
            insert.Transaction = transaction;
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (DbException ex) when (IsUniqueViolation(ex))
            {
                // A concurrent registration took the name between the check and the insert.
                return null;
            }

            await transaction.CommitAsync(cancellationToken);
            return new UserAccount { Id = id, Username = username, Email = email, PasswordHash = passwordHash, Role = role, CreatedAt = now };
        }
    }

    public async Task<bool> ExistsAsync(string username, string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ExistsAsync(connection, null, username, email, cancellationToken);
    }

    public Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        FindAsync("id = @value", id, cancellationToken);

    /// <summary>Finds by username, or by email when the login contains '@'.</summary>
    public Task<UserAccount?> FindByLoginAsync(string login, CancellationToken cancellationToken) =>
        FindAsync(login.Contains('@', StringComparison.Ordinal) ? "email = @value" : "username = @value", login, cancellationToken);

    public async Task<bool> UpdatePasswordHashAsync(string id, string hash, CancellationToken cancellationToken) =>
        await database.DataSource.ExecuteAsync("UPDATE identity_users SET password_hash = @hash, updated_at = @now WHERE id = @id",
            cancellationToken, ("@hash", hash), ("@now", time.GetUtcNow().UtcDateTime), ("@id", id)) == 1;

    public async Task<bool> UpdateProfileAsync(string id, string? displayName, string? bio, string? avatarImageId, CancellationToken cancellationToken) =>
        await database.DataSource.ExecuteAsync(
            "UPDATE identity_users SET display_name = @name, bio = @bio, avatar_image_id = @avatar, updated_at = @now WHERE id = @id",
            cancellationToken, ("@name", displayName), ("@bio", bio), ("@avatar", avatarImageId), ("@now", time.GetUtcNow().UtcDateTime), ("@id", id)) == 1;

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await database.DataSource.ExecuteAsync("DELETE FROM identity_users WHERE id = @id", cancellationToken, ("@id", id)) == 1;

    private async Task<UserAccount?> FindAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM identity_users WHERE {where}", ("@value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction? transaction, string username, string email, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            "SELECT COUNT(*) FROM identity_users WHERE username = @username OR email = @email", ("@username", username), ("@email", email));
        command.Transaction = transaction;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static UserAccount Read(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Username = reader.GetString(1),
        Email = reader.GetString(2),
        PasswordHash = reader.GetString(3),
        Role = reader.GetString(4),
        DisplayName = reader.GetNullableString(5),
        Bio = reader.GetNullableString(6),
        AvatarImageId = reader.GetNullableString(7),
        CreatedAt = reader.GetUtcDateTime(8),
    };

    // 23505: PostgreSQL unique_violation; 19: SQLITE_CONSTRAINT.
    private static bool IsUniqueViolation(DbException ex) =>
        ex.SqlState == "23505" || ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}
