namespace EndpointStats.Analytics.Model;

/// <summary>
/// A mergeable latency histogram over fixed logarithmic buckets: bucket <c>i</c> holds durations in
/// [γ^(i-1), γ^i) microseconds with γ = 1.03, and reports its geometric midpoint, so any percentile read from merged
/// buckets is within 1.5% of the exact value. Stored sparsely as varint (bucket delta, count) pairs.
/// </summary>
public sealed class LatencyHistogram
{
    public const double Gamma = 1.03;
    public const int BucketCount = 720; // γ^719 µs ≈ 1,700 s: anything slower shares the last bucket.
    private static readonly double LogGamma = Math.Log(Gamma);
    // Allocated on first use: most aggregates built while merging stay small or empty.
    private long[]? _counts;

    public long Count { get; private set; }

    public static int BucketOf(double milliseconds)
    {
        var micros = milliseconds * 1000;
        if (micros < 1)
        {
            return 0;
        }

        return Math.Min(BucketCount - 1, (int)(Math.Log(micros) / LogGamma) + 1);
    }

    /// <summary>The value a bucket stands for, in milliseconds.</summary>
    public static double ValueOf(int bucket) => bucket == 0 ? 0.0005 : Math.Pow(Gamma, bucket - 0.5) / 1000;

    public void Add(double milliseconds) => Add(BucketOf(milliseconds), 1);

    public void Add(int bucket, long count)
    {
        _counts ??= new long[BucketCount];
        _counts[bucket] += count;
        Count += count;
    }

    public void Merge(LatencyHistogram other)
    {
        if (other._counts is null)
        {
            return;
        }

        _counts ??= new long[BucketCount];
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The nearest-rank percentile (q in 0..1) in milliseconds, or 0 when empty.</summary>
    public double Percentile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var counts = _counts!;
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return ValueOf(i);
            }
        }

        return ValueOf(BucketCount - 1);
    }

    public byte[] Encode()
    {
        var buffer = new List<byte>(64);
        if (_counts is null)
        {
            return [];
        }

        var previous = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }

            Varint.Write(buffer, (ulong)(i - previous));
            Varint.Write(buffer, (ulong)_counts[i]);
            previous = i;
        }

        return [.. buffer];
    }

    /// <summary>Adds an encoded histogram into this one without materialising it.</summary>
    public void MergeEncoded(ReadOnlySpan<byte> data)
    {
        var position = 0;
        var bucket = 0;
        while (position < data.Length)
        {
            bucket += (int)Varint.Read(data, ref position);
            var count = (long)Varint.Read(data, ref position);
            if (bucket >= BucketCount)
            {
                throw new InvalidDataException($"Histogram bucket {bucket} out of range.");
            }

            Add(bucket, count);
        }
    }
}
