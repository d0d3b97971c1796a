using EndpointStats.Analytics.Model;

namespace EndpointStats.Analytics.Tests;

/// <summary>The mergeable sketches kept in the rollups: latency histogram and HyperLogLog.</summary>
public sealed class SketchTests
{
    [Theory]
    [InlineData(0.50)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Percentile_LogNormalLatencies_WithinTwoPercentOfExact(double q)
    {
        var values = LogNormal(50_000, seed: 7);
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Add(v);
        }

        var exact = Exact(values, q);

        Assert.InRange(histogram.Percentile(q), exact * 0.98, exact * 1.02);
    }

    [Fact]
    public void MergeEncoded_HourlyParts_EqualsOneHistogramOfEverything()
    {
        var values = LogNormal(20_000, seed: 3);
        var whole = new LatencyHistogram();
        var merged = new LatencyHistogram();
        foreach (var part in values.Chunk(1_000))
        {
            var hour = new LatencyHistogram();
            foreach (var v in part)
            {
                hour.Add(v);
                whole.Add(v);
            }

            merged.MergeEncoded(hour.Encode());
        }

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Encode(), merged.Encode());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void Estimate_DistinctClients_WithinFivePercent(int distinct)
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < distinct; i++)
        {
            sketch.Add($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}");
            sketch.Add($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}");
        }

        Assert.InRange(sketch.Estimate(), distinct * 0.95, distinct * 1.05);
    }

    [Fact]
    public void MergeEncoded_OverlappingSketches_CountsTheUnionOnce()
    {
        var a = new HyperLogLog();
        var b = new HyperLogLog();
        for (var i = 0; i < 30_000; i++)
        {
            a.Add("client-" + i);
            b.Add("client-" + (i + 15_000));
        }

        var union = new HyperLogLog();
        union.MergeEncoded(a.Encode());
        union.MergeEncoded(b.Encode());

        Assert.InRange(union.Estimate(), 45_000 * 0.95, 45_000 * 1.05);
    }

    [Fact]
    public void Encode_FewClients_StaysSparse()
    {
        var sketch = new HyperLogLog();
        sketch.Add("a");
        sketch.Add("b");

        Assert.True(sketch.Encode().Length < 16);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(HyperLogLog.SparseLimit)]
    [InlineData(HyperLogLog.SparseLimit + 1)]
    [InlineData(3_000)]
    public void HyperLogLog_SparseAndDenseForms_EncodeAndEstimateAlike(int distinct)
    {
        // A sketch that grows one client at a time (sparse until the limit) against one built by merging a dense sketch.
        var grown = new HyperLogLog();
        var dense = new HyperLogLog();
        var filler = new HyperLogLog();
        for (var i = 0; i < 2 * HyperLogLog.SparseLimit; i++)
        {
            filler.Add("filler-" + i);
        }

        dense.Merge(filler);
        var empty = new HyperLogLog();
        empty.Merge(new HyperLogLog());
        var reference = new HyperLogLog();
        reference.MergeEncoded(new byte[HyperLogLog.Registers + 1].Select((_, i) => i == 0 ? (byte)1 : (byte)0).ToArray());
        for (var i = 0; i < distinct; i++)
        {
            grown.Add("client-" + i);
            reference.Add("client-" + i);
        }

        var roundTrip = new HyperLogLog();
        roundTrip.MergeEncoded(grown.Encode());

        Assert.Equal(reference.Encode(), grown.Encode());
        Assert.Equal(reference.Estimate(), grown.Estimate());
        Assert.Equal(grown.Encode(), roundTrip.Encode());
        Assert.Equal(0, empty.Estimate());
        Assert.True(dense.Estimate() > HyperLogLog.SparseLimit);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(LatencyHistogram.SparseLimit + 20)]
    public void LatencyHistogram_SparseEntriesMergedIntoDense_EncodeAsOneHistogram(int distinctBuckets)
    {
        var sparse = new LatencyHistogram();
        var dense = new LatencyHistogram();
        var whole = new LatencyHistogram();
        for (var i = 0; i < distinctBuckets; i++)
        {
            sparse.Add(distinctBuckets - i, i + 1);
            whole.Add(distinctBuckets - i, i + 1);
        }

        foreach (var v in LogNormal(5_000, seed: 5))
        {
            dense.Add(v);
            whole.Add(v);
        }

        var merged = new LatencyHistogram();
        merged.Merge(sparse);
        merged.MergeEncoded(dense.Encode());

        Assert.Equal(whole.Encode(), merged.Encode());
        Assert.Equal(whole.Percentile(0.5), merged.Percentile(0.5));
        Assert.Equal(sparse.Encode(), Decoded(sparse.Encode()).Encode());
    }

    private static LatencyHistogram Decoded(byte[] encoded)
    {
        var histogram = new LatencyHistogram();
        histogram.MergeEncoded(encoded);
        return histogram;
    }

    internal static double[] LogNormal(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = Math.Exp(3 + (0.8 * gaussian)); // median about 20 ms, long right tail
        }

        return values;
    }

    internal static double Exact(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
    }
}
