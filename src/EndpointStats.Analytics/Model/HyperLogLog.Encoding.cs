namespace EndpointStats.Analytics.Model;

public sealed partial class HyperLogLog
{
    private const byte SparseFormat = 0;
    private const byte DenseFormat = 1;

    /// <summary>Sparse (format byte, then index-high, index-low, rank per set register, by index) below a third of the registers; dense otherwise.</summary>
    public byte[] Encode()
    {
        if (_registers is not { } registers)
        {
            var entries = _entries.AsSpan(0, _entryCount).ToArray();
            Array.Sort(entries);
            var encoded = new byte[1 + (entries.Length * 3)];
            encoded[0] = SparseFormat;
            for (var i = 0; i < entries.Length; i++)
            {
                encoded[1 + (i * 3)] = (byte)(entries[i] >> 16);
                encoded[2 + (i * 3)] = (byte)(entries[i] >> 8);
                encoded[3 + (i * 3)] = (byte)entries[i];
            }

            return encoded;
        }

        var set = Registers - registers.AsSpan().Count((byte)0);
        if (set * 3 >= Registers)
        {
            return [DenseFormat, .. registers];
        }

        var sparse = new byte[1 + (set * 3)];
        sparse[0] = SparseFormat;
        var position = 1;
        for (var i = registers.AsSpan().IndexOfAnyExcept((byte)0); i >= 0 && i < Registers; i++)
        {
            if (registers[i] != 0)
            {
                sparse[position++] = (byte)(i >> 8);
                sparse[position++] = (byte)i;
                sparse[position++] = registers[i];
            }
        }

        return sparse;
    }

    public void MergeEncoded(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (data[0] == DenseFormat && data.Length == Registers + 1)
        {
            MaxInto(Dense(), data[1..]);
            return;
        }

        if (data[0] != SparseFormat || (data.Length - 1) % 3 != 0)
        {
            throw new InvalidDataException("Not a HyperLogLog sketch.");
        }

        var entries = (data.Length - 1) / 3;
        if (_registers is null && _entryCount + entries <= SparseLimit)
        {
            for (var p = 1; p < data.Length; p += 3)
            {
                Raise((data[p] << 8) | data[p + 1], data[p + 2]);
            }

            return;
        }

        // Into the registers directly: merging many hourly sketches is the hot loop of a long query.
        var registers = Dense();
        for (var p = 1; p < data.Length; p += 3)
        {
            var index = (data[p] << 8) | data[p + 1];
            if (data[p + 2] > registers[index])
            {
                registers[index] = data[p + 2];
            }
        }
    }

    /// <summary>FNV-1a over the characters, then a 64-bit finaliser so that every bit depends on every input bit.</summary>
    public static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb3fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
