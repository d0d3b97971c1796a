namespace EndpointStats.Analytics.Model;

/// <summary>
/// A mergeable latency histogram over fixed logarithmic buckets: bucket <c>i</c> holds durations in
/// [γ^(i-1), γ^i) microseconds with γ = 1.03, and reports its geometric midpoint, so any percentile read from merged
/// buckets is within 1.5% of the exact value. While few buckets are used it lives as a short list of (bucket, count)
/// entries, as a batch's per-key delta mostly does, and turns into the full bucket array past <see cref="SparseLimit"/>.
/// Stored sparsely as varint (bucket delta, count) pairs.
/// </summary>
public sealed class LatencyHistogram
{
    public const double Gamma = 1.03;
    public const int BucketCount = 720; // γ^719 µs ≈ 1,700 s: anything slower shares the last bucket.
    public const int SparseLimit = 64;
    private static readonly double LogGamma = Math.Log(Gamma);
    private long[]? _counts;
    private int[]? _buckets;
    private long[]? _bucketCounts;
    private int _used;

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
        Count += count;
        if (_counts is { } counts)
        {
            counts[bucket] += count;
            return;
        }

        for (var i = 0; i < _used; i++)
        {
            if (_buckets![i] == bucket)
            {
                _bucketCounts![i] += count;
                return;
            }
        }

        if (_used == SparseLimit)
        {
            Dense()[bucket] += count;
            return;
        }

        if (_buckets is null || _used == _buckets.Length)
        {
            Array.Resize(ref _buckets, Math.Max(8, _used * 2));
            Array.Resize(ref _bucketCounts, _buckets.Length);
        }

        _buckets[_used] = bucket;
        _bucketCounts![_used++] = count;
    }

    public void Merge(LatencyHistogram other)
    {
        if (other._counts is { } theirs)
        {
            var counts = Dense();
            for (var i = 0; i < BucketCount; i++)
            {
                counts[i] += theirs[i];
            }

            Count += other.Count;
            return;
        }

        for (var i = 0; i < other._used; i++)
        {
            Add(other._buckets![i], other._bucketCounts![i]);
        }
    }

    private long[] Dense()
    {
        if (_counts is null)
        {
            _counts = new long[BucketCount];
            for (var i = 0; i < _used; i++)
            {
                _counts[_buckets![i]] += _bucketCounts![i];
            }

            _buckets = null;
            _bucketCounts = null;
            _used = 0;
        }

        return _counts;
    }

    /// <summary>The nearest-rank percentile (q in 0..1) in milliseconds, or 0 when empty.</summary>
    public double Percentile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var counts = Dense();
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
        if (Count == 0)
        {
            return [];
        }

        var buffer = new List<byte>(64);
        var previous = 0;
        if (_counts is { } counts)
        {
            for (var i = 0; i < BucketCount; i++)
            {
                if (counts[i] != 0)
                {
                    Write(buffer, i, counts[i], ref previous);
                }
            }

            return [.. buffer];
        }

        var buckets = _buckets.AsSpan(0, _used).ToArray();
        var bucketCounts = _bucketCounts.AsSpan(0, _used).ToArray();
        Array.Sort(buckets, bucketCounts);
        for (var i = 0; i < buckets.Length; i++)
        {
            if (bucketCounts[i] != 0)
            {
                Write(buffer, buckets[i], bucketCounts[i], ref previous);
            }
        }

        return [.. buffer];
    }

    private static void Write(List<byte> buffer, int bucket, long count, ref int previous)
    {
        Varint.Write(buffer, (ulong)(bucket - previous));
        Varint.Write(buffer, (ulong)count);
        previous = bucket;
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
