using System.Security.Cryptography;
using System.Text;
using EndpointStats.Hosting.Storage;
using Microsoft.Extensions.Options;

namespace EndpointStats.Identity.Tokens;

/// <summary>
/// Opaque refresh tokens, stored only as SHA-256 hashes. Each use rotates the token within its family (one family per
/// login); presenting a token that was already rotated means it leaked, so the whole family is revoked.
/// </summary>
public sealed class RefreshTokenStore(PlatformDatabase database, IOptions<IdentityOptions> options, TimeProvider time)
{
    public async Task<string> StartFamilyAsync(string userId, string familyId, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await InsertAsync(token, userId, familyId, cancellationToken);
        return token;
    }

    /// <summary>Consumes <paramref name="token"/> and returns its successor, or why it was refused.</summary>
    public async Task<RefreshOutcome> RotateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var find = connection.CreateCommand(
            "SELECT user_id, family_id, expires_at, used_at, revoked_at FROM identity_refresh_tokens WHERE token_hash = @hash", ("@hash", hash));
        string userId, familyId;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return RefreshOutcome.Invalid;
            }

            (userId, familyId) = (reader.GetString(0), reader.GetString(1));
            if (!reader.IsDBNull(4))
            {
                return RefreshOutcome.Invalid;
            }

            if (reader.GetUtcDateTime(2) <= now)
            {
                return RefreshOutcome.Invalid;
            }
        }

        // Marking it used is the atomic step: of two concurrent uses exactly one wins, the other counts as reuse.
        await using var use = connection.CreateCommand(
            "UPDATE identity_refresh_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL AND revoked_at IS NULL",
            ("@now", now), ("@hash", hash));
        if (await use.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await RevokeFamilyAsync(familyId, cancellationToken);
            return RefreshOutcome.Reused(userId, familyId);
        }

        var next = NewToken();
        await InsertAsync(next, userId, familyId, cancellationToken);
        return RefreshOutcome.Rotated(userId, familyId, next);
    }

    /// <summary>Ends the session <paramref name="token"/> belongs to (logout); unknown tokens are ignored.</summary>
    public async Task RevokeFamilyOfAsync(string token, CancellationToken cancellationToken)
    {
        await database.DataSource.ExecuteAsync(
            "UPDATE identity_refresh_tokens SET revoked_at = @now WHERE revoked_at IS NULL AND family_id IN " +
            "(SELECT family_id FROM identity_refresh_tokens WHERE token_hash = @hash)",
            cancellationToken, ("@now", time.GetUtcNow().UtcDateTime), ("@hash", Hash(token)));
    }

    public Task<int> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        database.DataSource.ExecuteAsync(
            "UPDATE identity_refresh_tokens SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL",
            cancellationToken, ("@now", time.GetUtcNow().UtcDateTime), ("@family", familyId));

    /// <summary>Ends every session of the user except <paramref name="keepFamilyId"/> (after a password change).</summary>
    public Task<int> RevokeOtherFamiliesAsync(string userId, string? keepFamilyId, CancellationToken cancellationToken) =>
        database.DataSource.ExecuteAsync(
            "UPDATE identity_refresh_tokens SET revoked_at = @now WHERE user_id = @user AND revoked_at IS NULL AND family_id <> @keep",
            cancellationToken, ("@now", time.GetUtcNow().UtcDateTime), ("@user", userId), ("@keep", keepFamilyId ?? string.Empty));

    private Task<int> InsertAsync(string token, string userId, string familyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return database.DataSource.ExecuteAsync(
            "INSERT INTO identity_refresh_tokens (token_hash, user_id, family_id, created_at, expires_at) VALUES (@hash, @user, @family, @now, @expires)",
            cancellationToken, ("@hash", Hash(token)), ("@user", userId), ("@family", familyId), ("@now", now), ("@expires", now + options.Value.RefreshTokenLifetime));
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
