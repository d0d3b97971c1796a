namespace EndpointStats.Analytics.Model;

/// <summary>LEB128 unsigned varints: small counts and bucket gaps take one byte.</summary>
internal static class Varint
{
    public static void Write(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }

    public static ulong Read(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (position >= data.Length || shift > 63)
            {
                throw new InvalidDataException("Truncated varint.");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }
}
