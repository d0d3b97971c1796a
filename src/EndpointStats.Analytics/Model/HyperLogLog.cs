using System.Numerics;

namespace EndpointStats.Analytics.Model;

/// <summary>
/// A mergeable distinct-count estimate (HyperLogLog, 2^12 registers: about 1.6% standard error). Merging is a register-wise
/// maximum, so hourly sketches combine into any range. Stored sparsely (index, rank pairs) while few registers are set.
/// </summary>
public sealed class HyperLogLog
{
    public const int Precision = 12;
    public const int Registers = 1 << Precision;
    private const byte SparseFormat = 0;
    private const byte DenseFormat = 1;
    private const int MaxRank = 64 - Precision + 1;
    private static readonly double[] InversePowers = Enumerable.Range(0, MaxRank + 1).Select(r => Math.ScaleB(1.0, -r)).ToArray();
    private byte[]? _registers;

    private byte[] Set => _registers ??= new byte[Registers];

    public void Add(string value) => AddHash(Hash(value));

    public void AddHash(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rank = (byte)Math.Min(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1, MaxRank);
        var registers = Set;
        if (rank > registers[index])
        {
            registers[index] = rank;
        }
    }

    public void Merge(HyperLogLog other)
    {
        if (other._registers is not { } theirs)
        {
            return;
        }

        MaxInto(Set, theirs);
    }

    /// <summary>Register-wise maximum, a vector at a time.</summary>
    private static void MaxInto(Span<byte> registers, ReadOnlySpan<byte> other)
    {
        var i = 0;
        for (; i + Vector<byte>.Count <= Registers; i += Vector<byte>.Count)
        {
            Vector.Max(new Vector<byte>(registers[i..]), new Vector<byte>(other[i..])).CopyTo(registers[i..]);
        }

        for (; i < Registers; i++)
        {
            registers[i] = Math.Max(registers[i], other[i]);
        }
    }

    public long Estimate()
    {
        if (_registers is null)
        {
            return 0;
        }

        double sum = 0;
        foreach (var r in _registers)
        {
            sum += InversePowers[r];
        }

        var zeros = _registers.AsSpan().Count((byte)0);

        const double m = Registers;
        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }

    public byte[] Encode()
    {
        var registers = Set;
        var set = 0;
        foreach (var r in registers)
        {
            set += r == 0 ? 0 : 1;
        }

        if (set * 3 >= Registers)
        {
            return [DenseFormat, .. registers];
        }

        var sparse = new byte[1 + (set * 3)];
        sparse[0] = SparseFormat;
        var position = 1;
        for (var i = 0; i < Registers; i++)
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

        var registers = Set;

        if (data[0] == DenseFormat && data.Length == Registers + 1)
        {
            MaxInto(registers, data[1..]);
            return;
        }

        if (data[0] != SparseFormat || (data.Length - 1) % 3 != 0)
        {
            throw new InvalidDataException("Not a HyperLogLog sketch.");
        }

        for (var p = 1; p < data.Length; p += 3)
        {
            var index = (data[p] << 8) | data[p + 1];
            registers[index] = Math.Max(registers[index], data[p + 2]);
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
