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
