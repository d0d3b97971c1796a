using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EndpointStats.Hosting.Analytics;

/// <summary>
/// UUIDv7 event ids (RFC 9562) without a call to the OS random generator per id, which is a system call on Linux and
/// costs more than the rest of an event: 48 bits of Unix milliseconds, then 74 bits made of a random per-process prefix
/// (42 bits, drawn once) and a 32-bit counter. Ids of one process never repeat (the counter would have to wrap within a
/// millisecond); two processes share ids only if their prefixes collide (1 in 2^42) and their counters meet in the same
/// millisecond.
/// </summary>
public static class RequestEventId
{
    private static readonly ulong Prefix = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)) >> 22;
    private static int _counter = RandomNumberGenerator.GetInt32(int.MaxValue);

    public static Guid New(DateTime utc)
    {
        var millis = (ulong)((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond);
        var counter = (uint)Interlocked.Increment(ref _counter);
        Span<byte> bytes = stackalloc byte[16];
        // unix_ts_ms (48) | ver 0111 (4) | rand_a (12) = prefix bits 41..30
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (millis << 16) | 0x7000UL | ((Prefix >> 30) & 0xFFF));
        // var 10 (2) | rand_b (62) = prefix bits 29..0, then the counter
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | ((Prefix & 0x3FFF_FFFF) << 32) | counter);
        return new Guid(bytes, bigEndian: true);
    }
}
