using System.Buffers.Binary;

namespace EndpointStats.Images.Formats;

/// <summary>
/// Width and height from the image header, without decoding pixels. Returns null when the header is truncated or
/// malformed, so a file that merely starts with the right magic bytes is still refused.
/// </summary>
public static class ImageHeader
{
    public static (int Width, int Height)? ReadSize(ImageFormat format, Stream image) => format switch
    {
        ImageFormat.Png => Png(image),
        ImageFormat.Gif => Gif(image),
        ImageFormat.WebP => WebP(image),
        ImageFormat.Jpeg => Jpeg(image),
        _ => null,
    };

    // Signature (8), IHDR length (4), "IHDR" (4), width (4, big-endian), height (4).
    private static (int, int)? Png(Stream s)
    {
        Span<byte> b = stackalloc byte[24];
        if (!ReadAt(s, 0, b) || !b[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return Valid(BinaryPrimitives.ReadInt32BigEndian(b[16..]), BinaryPrimitives.ReadInt32BigEndian(b[20..]));
    }

    // "GIF89a" (6), logical screen width and height (2 + 2, little-endian), then flags, background, aspect (3).
    private static (int, int)? Gif(Stream s)
    {
        Span<byte> b = stackalloc byte[13];
        return ReadAt(s, 0, b) ? Valid(BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..])) : null;
    }

    // RIFF header (12), then the first chunk: VP8 (lossy, 30 bytes needed), VP8L (lossless, 25) or VP8X (extended, 30).
    private static (int, int)? WebP(Stream s)
    {
        Span<byte> b = stackalloc byte[30];
        var length = (int)Math.Min(b.Length, s.Length);
        if (length < 25 || !ReadAt(s, 0, b[..length]))
        {
            return null;
        }

        var chunk = b[12..16];
        if (chunk.SequenceEqual("VP8L"u8) && b[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            return Valid((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (length < 30)
        {
            return null;
        }

        if (chunk.SequenceEqual("VP8 "u8) && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)
        {
            return Valid(BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            return Valid((b[24] | (b[25] << 8) | (b[26] << 16)) + 1, (b[27] | (b[28] << 8) | (b[29] << 16)) + 1);
        }

        return null;
    }

    // Walks the marker segments after SOI until a start-of-frame (SOF0-SOF15 except DHT, JPG and DAC).
    private static (int, int)? Jpeg(Stream s)
    {
        Span<byte> marker = stackalloc byte[4];
        Span<byte> frame = stackalloc byte[5];
        long position = 2;
        while (ReadAt(s, position, marker))
        {
            if (marker[0] != 0xFF)
            {
                return null;
            }

            var code = marker[1];
            if (code == 0xFF)
            {
                position++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]);
            if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return ReadAt(s, position + 4, frame)
                    ? Valid(BinaryPrimitives.ReadUInt16BigEndian(frame[3..]), BinaryPrimitives.ReadUInt16BigEndian(frame[1..]))
                    : null;
            }

            if (length < 2 || code is 0xD9 or 0xDA)
            {
                return null;
            }

            position += 2 + length;
        }

        return null;
    }

    private static bool ReadAt(Stream s, long offset, Span<byte> buffer)
    {
        if (offset + buffer.Length > s.Length)
        {
            return false;
        }

        s.Position = offset;
        s.ReadExactly(buffer);
        return true;
    }

    private static (int, int)? Valid(int width, int height) => width > 0 && height > 0 ? (width, height) : null;
}
