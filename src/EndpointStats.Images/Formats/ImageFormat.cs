namespace EndpointStats.Images.Formats;

/// <summary>The accepted formats and the only content types this module ever serves.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Gif,
    WebP,
}

public static class ImageFormats
{
    public static string ContentType(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Gif => "image/gif",
        ImageFormat.WebP => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static ImageFormat? FromContentType(string contentType) => contentType switch
    {
        "image/png" => ImageFormat.Png,
        "image/jpeg" => ImageFormat.Jpeg,
        "image/gif" => ImageFormat.Gif,
        "image/webp" => ImageFormat.WebP,
        _ => null,
    };
}
