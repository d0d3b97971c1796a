using EndpointStats.Hosting.Accounts;
using EndpointStats.Images.Formats;
using EndpointStats.Images.Upload;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Images.Storage;

/// <summary>
/// Keeps bytes and metadata in step. Bytes are committed before metadata is written, and metadata is deleted before
/// bytes, so a crash in between leaves at most an unlisted file (removed by the orphan cleanup), never a listed image
/// without bytes. Also the in-process <see cref="IAccountImages"/> the identity module uses.
/// </summary>
public sealed class ImageService(UploadReader reader, ImageStore store, ImageFiles files, ImagesMetrics metrics, TimeProvider time,
    ILogger<ImageService> logger) : IAccountImages
{
    public UploadReader Reader => reader;

    public async Task<ImageRecord> CommitAsync(string ownerId, ReceivedImage received, CancellationToken cancellationToken)
    {
        var id = ImageFiles.NewId();
        files.Commit(received.TempPath, id);
        var created = time.GetUtcNow().UtcDateTime;
        var image = new ImageRecord(id, ownerId, received.Format.ContentType(), received.Size, received.Width, received.Height, received.Sha256, false,
            new DateTime(created.Ticks - (created.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc));
        try
        {
            await store.InsertAsync(image, cancellationToken);
        }
        catch
        {
            files.Delete(id);
            throw;
        }

        ImagesLog.Stored(logger, id, image.ContentType, image.Size);
        metrics.Stored(image.ContentType, image.Size);
        return image;
    }

    public async Task<bool> DeleteAsync(string id, string ownerId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, ownerId, cancellationToken))
        {
            return false;
        }

        files.Delete(id);
        return true;
    }

    public async Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken)
    {
        var ids = await store.DeleteAllAsync(userId, cancellationToken);
        foreach (var id in ids)
        {
            files.Delete(id);
        }

        return ids.Count;
    }

    public async Task<AvatarChange> SetAvatarAsync(string userId, string? imageId, CancellationToken cancellationToken) =>
        (imageId is null || ImageFiles.IsValidId(imageId)) && await store.SetAvatarAsync(userId, imageId, cancellationToken)
            ? AvatarChange.Changed
            : AvatarChange.NotFound;
}
