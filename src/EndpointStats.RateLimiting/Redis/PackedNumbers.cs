using System.Buffers.Binary;
using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// A script's numbers in one argument: little-endian doubles (exact, every number here is an integer below 2^53), beside their
/// struct format, so that Redis parses them with one <c>struct.unpack</c> instead of a <c>tonumber</c> per argument (about
/// 0.3 µs each here). Written one after another.
/// </summary>
internal ref struct PackedNumbers(Span<byte> buffer)
{
    /// <summary>Formats by number count (one limit and one shape make 8; a call of 256 single-limit keys with two shapes, 270).</summary>
    private static readonly string?[] Formats = new string?[1024];

    private readonly Span<byte> _buffer = buffer;
    private int _at;

    /// <summary>The struct format of <paramref name="count"/> little-endian doubles, made once per count.</summary>
    public static string Format(int count)
    {
        if (count >= Formats.Length)
        {
            return "<" + new string('d', count);
        }

        return Formats[count] ??= "<" + new string('d', count);
    }

    public void Add(long value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer[_at..], value);
        _at += sizeof(double);
    }

    /// <summary>
    /// A limit as both scripts read it: interval ticks, capacity ticks, and the key's TTL (the period, in whole milliseconds
    /// rounded up; gcra-common.lua lengthens it only for a burst that keeps the state further ahead).
    /// </summary>
    public void Add(RateLimit limit)
    {
        Add(limit.IntervalTicks);
        Add(limit.CapacityTicks);
        Add((long)Math.Ceiling(limit.Period.TotalMilliseconds));
    }
}
