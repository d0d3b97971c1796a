using System.Data.Common;
using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Storage;

namespace EndpointStats.Images.Storage;

/// <summary>Image metadata in the platform database; the same SQL runs on SQLite and PostgreSQL.</summary>
public sealed partial class ImageStore(PlatformDatabase database)
{
    private const string Columns = "id, owner_id, content_type, size, width, height, sha256, avatar, created_at";

    public Task<int> InsertAsync(ImageRecord image, CancellationToken cancellationToken) =>
        database.DataSource.ExecuteAsync(
            $"INSERT INTO images ({Columns}) VALUES (@id, @owner, @type, @size, @width, @height, @sha, @avatar, @created)",
            cancellationToken, ("@id", image.Id), ("@owner", image.OwnerId), ("@type", image.ContentType), ("@size", image.Size),
            ("@width", image.Width), ("@height", image.Height), ("@sha", image.Sha256), ("@avatar", false), ("@created", image.Created));

    public async Task<ImageRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} FROM images WHERE id = @id", ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<(IReadOnlyList<ImageRecord> Images, long Total)> ListAsync(string ownerId, Paging paging, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var count = connection.CreateCommand("SELECT COUNT(*) FROM images WHERE owner_id = @owner", ("@owner", ownerId));
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
        await using var command = connection.CreateCommand(
            $"SELECT {Columns} FROM images WHERE owner_id = @owner ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            ("@owner", ownerId), ("@limit", paging.PageSize), ("@offset", paging.Offset));
        return (await ReadAllAsync(command, cancellationToken), total);
    }

    /// <summary>Deletes the row if <paramref name="ownerId"/> owns it; the caller deletes the file afterwards.</summary>
    public async Task<bool> DeleteAsync(string id, string ownerId, CancellationToken cancellationToken) =>
        await database.DataSource.ExecuteAsync("DELETE FROM images WHERE id = @id AND owner_id = @owner", cancellationToken, ("@id", id), ("@owner", ownerId)) == 1;

    /// <summary>Deletes every row of the owner and returns their ids, so the files can go next.</summary>
    public async Task<IReadOnlyList<string>> DeleteAllAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = connection.CreateCommand("SELECT id FROM images WHERE owner_id = @owner", ("@owner", ownerId));
        select.Transaction = transaction;
        var ids = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        await using var delete = connection.CreateCommand("DELETE FROM images WHERE owner_id = @owner", ("@owner", ownerId));
        delete.Transaction = transaction;
        await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>Which of <paramref name="ids"/> have metadata (for the orphan cleanup).</summary>
    public async Task<HashSet<string>> ExistingAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@p{i}").ToArray();
            await using var command = connection.CreateCommand(
                $"SELECT id FROM images WHERE id IN ({string.Join(", ", names)})", chunk.Select((id, i) => (names[i], (object?)id)).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        return existing;
    }

    private static async Task<IReadOnlyList<ImageRecord>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ImageRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static ImageRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), r.GetBoolean(7), r.GetUtcDateTime(8));
}
