using Microsoft.Extensions.Logging;

namespace EndpointStats.Images;

/// <summary>Log messages of the images module; event ids 5000-5099.</summary>
internal static partial class ImagesLog
{
    [LoggerMessage(5000, LogLevel.Information, "Stored image {ImageId} ({ContentType}, {Size} bytes)")]
    public static partial void Stored(ILogger logger, string imageId, string contentType, long size);

    [LoggerMessage(5001, LogLevel.Information, "Orphan cleanup removed {Files} file(s) without metadata from {Directory}")]
    public static partial void OrphansRemoved(ILogger logger, int files, string directory);

    [LoggerMessage(5002, LogLevel.Warning, "Orphan cleanup failed: {Reason}")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(5003, LogLevel.Information, "Images stored under {Directory}, at most {MaxBytes} bytes each")]
    public static partial void Directory(ILogger logger, string directory, long maxBytes);
}
