using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Security;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Identity.Accounts;

public sealed partial class UserStore
{
    public async Task<(IReadOnlyList<UserAccount> Users, long Total)> ListAsync(Paging paging, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var count = connection.CreateCommand("SELECT COUNT(*) FROM identity_users");
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
        await using var command = connection.CreateCommand(
            $"SELECT {Columns} FROM identity_users ORDER BY created_at, id LIMIT @limit OFFSET @offset",
            ("@limit", paging.PageSize), ("@offset", paging.Offset));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return (users, total);
    }

    /// <summary>Changes a role; refuses to demote the last admin, so the install never locks itself out.</summary>
    public async Task<RoleChange> SetRoleAsync(string id, string role, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand(
            "UPDATE identity_users SET role = @role, updated_at = @now WHERE id = @id",
            ("@role", role), ("@now", time.GetUtcNow().UtcDateTime), ("@id", id));
        update.Transaction = transaction;
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return RoleChange.NotFound;
        }

        await using var admins = connection.CreateCommand("SELECT COUNT(*) FROM identity_users WHERE role = @admin", ("@admin", PlatformClaims.AdminRole));
        admins.Transaction = transaction;
        if (Convert.ToInt64(await admins.ExecuteScalarAsync(cancellationToken)) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return RoleChange.LastAdmin;
        }

        await transaction.CommitAsync(cancellationToken);
        return RoleChange.Changed;
    }
}

public enum RoleChange
{
    Changed,
    NotFound,
    LastAdmin,
}
