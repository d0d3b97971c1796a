using System.Buffers.Binary;

namespace IdentityBench;

/// <summary>A valid PNG header followed by filler, of the requested size (the server reads only the header).</summary>
internal static class BenchImages
{
    public static byte[] Png(int size)
    {
        var bytes = new byte[size];
        byte[] head = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        head.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 1920);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 1080);
        new Random(42).NextBytes(bytes.AsSpan(33));
        return bytes;
    }
}
