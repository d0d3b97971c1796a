using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace EndpointStats.Identity.Tests.Support;

/// <summary>Small but well-formed image files (and near misses) built in code.</summary>
internal static class TestImages
{
    public static byte[] Png(int width, int height, int padTo = 0)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(ms, "IHDR", ihdr);
        var raw = new byte[height * (1 + (width * 3))];
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(raw);
            }

            Chunk(ms, "IDAT", compressed.ToArray());
        }

        if (padTo > ms.Length + 24)
        {
            // An ancillary chunk of filler makes a big file that is still a valid PNG.
            Chunk(ms, "tEXt", new byte[padTo - (int)ms.Length - 24]);
        }

        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] sof0 = [0xFF, 0xC0, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        return [0xFF, 0xD8, .. app0, .. sof0, 0xFF, 0xD9];
    }

    public static byte[] Gif(int width, int height) =>
        [.. "GIF89a"u8, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0, 0, 0, 0x3B];

    public static byte[] WebPLossless(int width, int height)
    {
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        byte[] vp8l = [.. "VP8L"u8, 5, 0, 0, 0, 0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0];
        return [.. "RIFF"u8, (byte)(4 + vp8l.Length), 0, 0, 0, .. "WEBP"u8, .. vp8l];
    }

    public static byte[] Html => "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"u8.ToArray();

    /// <summary>The PNG signature and the start of IHDR, cut before the width and height.</summary>
    public static byte[] TruncatedPng => Png(10, 10)[..18];

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string declaredType = "application/octet-stream", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        s.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
