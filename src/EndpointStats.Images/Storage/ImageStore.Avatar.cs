using EndpointStats.Hosting.Storage;

namespace EndpointStats.Images.Storage;

public sealed partial class ImageStore
{
    /// <summary>
    /// Makes <paramref name="imageId"/> the owner's only avatar (or clears it when null). False when the owner has no such
    /// image; then nothing changes.
    /// </summary>
    public async Task<bool> SetAvatarAsync(string ownerId, string? imageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var clear = connection.CreateCommand(
            "UPDATE images SET avatar = @no WHERE owner_id = @owner AND avatar = @yes", ("@no", false), ("@yes", true), ("@owner", ownerId));
        clear.Transaction = transaction;
        await clear.ExecuteNonQueryAsync(cancellationToken);
        if (imageId is not null)
        {
            await using var set = connection.CreateCommand(
                "UPDATE images SET avatar = @yes WHERE id = @id AND owner_id = @owner", ("@yes", true), ("@id", imageId), ("@owner", ownerId));
            set.Transaction = transaction;
            if (await set.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
