using System.Numerics;

namespace EndpointStats.Analytics.Model;

/// <summary>
/// A mergeable distinct-count estimate (HyperLogLog, 2^12 registers: about 1.6% standard error). Merging is a register-wise
/// maximum, so hourly sketches combine into any range. While few registers are set it lives as a short list of (index,
/// rank) entries, as a batch's per-key delta mostly does, and turns into the 4 KiB register array past
/// <see cref="SparseLimit"/> entries. Stored sparsely (index, rank triples) while few registers are set.
/// </summary>
public sealed partial class HyperLogLog
{
    public const int Precision = 12;
    public const int Registers = 1 << Precision;
    public const int SparseLimit = 256;
    private const int MaxRank = 64 - Precision + 1;
    private static readonly double[] InversePowers = Enumerable.Range(0, MaxRank + 1).Select(r => Math.ScaleB(1.0, -r)).ToArray();
    private byte[]? _registers;
    private uint[]? _entries; // index << 8 | rank, in insertion order
    private int _entryCount;

    public void Add(string value) => AddHash(Hash(value));

    public void AddHash(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rank = (byte)Math.Min(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1, MaxRank);
        Raise(index, rank);
    }

    public void Merge(HyperLogLog other)
    {
        if (other._registers is { } theirs)
        {
            MaxInto(Dense(), theirs);
            return;
        }

        for (var i = 0; i < other._entryCount; i++)
        {
            Raise((int)(other._entries![i] >> 8), (byte)other._entries[i]);
        }
    }

    public long Estimate()
    {
        double sum;
        int zeros;
        if (_registers is { } registers)
        {
            sum = 0;
            foreach (var r in registers)
            {
                sum += InversePowers[r];
            }

            zeros = registers.AsSpan().Count((byte)0);
        }
        else
        {
            zeros = Registers - _entryCount;
            sum = zeros;
            for (var i = 0; i < _entryCount; i++)
            {
                sum += InversePowers[(byte)_entries![i]];
            }
        }

        if (zeros == Registers)
        {
            return 0;
        }

        const double m = Registers;
        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }

    private void Raise(int index, byte rank)
    {
        if (_registers is { } registers)
        {
            if (rank > registers[index])
            {
                registers[index] = rank;
            }

            return;
        }

        var entries = _entries ??= new uint[8];
        for (var i = 0; i < _entryCount; i++)
        {
            if ((int)(entries[i] >> 8) == index)
            {
                if (rank > (byte)entries[i])
                {
                    entries[i] = ((uint)index << 8) | rank;
                }

                return;
            }
        }

        if (_entryCount == SparseLimit)
        {
            Dense()[index] = rank;
            return;
        }

        if (_entryCount == entries.Length)
        {
            Array.Resize(ref _entries, entries.Length * 2);
        }

        _entries![_entryCount++] = ((uint)index << 8) | rank;
    }

    private byte[] Dense()
    {
        if (_registers is null)
        {
            _registers = new byte[Registers];
            for (var i = 0; i < _entryCount; i++)
            {
                _registers[_entries![i] >> 8] = (byte)_entries[i];
            }

            _entries = null;
            _entryCount = 0;
        }

        return _registers;
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
}
