namespace EndpointStats.Images.Formats;

/// <summary>Recognises a format from its first bytes only; file names and declared types are never trusted.</summary>
public static class MagicBytes
{
    /// <summary>Enough bytes to tell every accepted format apart (RIFF....WEBP is the longest).</summary>
    public const int Needed = 12;

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;

    public static ImageFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Png))
        {
            return ImageFormat.Png;
        }

        if (head.StartsWith(Jpeg))
        {
            return ImageFormat.Jpeg;
        }

        if (head.StartsWith(Gif87) || head.StartsWith(Gif89))
        {
            return ImageFormat.Gif;
        }

        if (head.Length >= Needed && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        return null;
    }
}
