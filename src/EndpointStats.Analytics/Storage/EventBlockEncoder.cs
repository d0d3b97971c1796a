using System.Buffers.Binary;
using System.Text;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// Encodes raw events, oldest first, into one SQLite block (see <see cref="EventBlock"/> for the layout). Texts repeat from
/// event to event (a route, a method, a client, a user agent), so each distinct text is stored once per block and events
/// refer to it by index; a column whose value is the same string instance as in the previous event skips even the lookup.
/// One encoder per writer: it reuses its buffers, and the block it returns is valid until the next call.
/// </summary>
internal sealed class EventBlockEncoder
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private readonly Column[] _columns = new Column[6];
    private byte[] _events = new byte[64 * 1024];
    // Pinned: SQLite binds the finished block without copying it (see SqliteNative).
    private byte[] _block = GC.AllocateUninitializedArray<byte>(128 * 1024, pinned: true);

    /// <summary>Encodes <paramref name="events"/> (sorted by time) and returns the block's bytes in a pinned buffer.</summary>
    public ArraySegment<byte> Encode(ReadOnlySpan<RequestEvent> events)
    {
        _index.Clear();
        _texts.Clear();
        Array.Clear(_columns);
        var first = SqliteAnalyticsStore.Micros(events[0].Timestamp);
        var previous = first;
        var length = 0;
        foreach (var e in events)
        {
            Reserve(ref _events, length, EventBlock.MaxFixedBytesPerEvent);
            var span = _events.AsSpan();
            var ts = SqliteAnalyticsStore.Micros(e.Timestamp);
            length = Varint.Write(span, length, (ulong)(ts - previous));
            previous = ts;
            e.Id.TryWriteBytes(span.Slice(length, 16));
            length += 16;
            length = Varint.Write(span, length, (ulong)Text(0, e.Route));
            length = Varint.Write(span, length, (ulong)Text(1, e.Method));
            length = Varint.Write(span, length, Varint.ZigZag(((long)e.Status << 1) | (e.IsError ? 1L : 0L)));
            BinaryPrimitives.WriteDoubleLittleEndian(span.Slice(length, 8), e.DurationMs);
            length += 8;
            length = Varint.Write(span, length, (ulong)OptionalText(2, e.ClientIp));
            length = Varint.Write(span, length, (ulong)OptionalText(3, e.UserId));
            length = Varint.Write(span, length, (ulong)OptionalText(4, e.UserAgent));
            length = Varint.Write(span, length, (ulong)OptionalText(5, e.PodName));
            length = Varint.Write(span, length, Varint.ZigZag(e.RequestBytes));
            length = Varint.Write(span, length, Varint.ZigZag(e.ResponseBytes));
        }

        return Assemble(events.Length, first, length);
    }

    /// <summary>Header and text table, then the events section.</summary>
    private ArraySegment<byte> Assemble(int count, long first, int eventsLength)
    {
        var textBytes = 0;
        foreach (var text in _texts)
        {
            textBytes += 10 + Encoding.UTF8.GetMaxByteCount(text.Length);
        }

        var needed = 1 + 10 + 10 + 10 + textBytes + eventsLength;
        if (needed > _block.Length)
        {
            _block = GC.AllocateUninitializedArray<byte>(Math.Max(needed, _block.Length * 2), pinned: true);
        }

        var span = _block.AsSpan();
        span[0] = EventBlock.Version;
        var length = Varint.Write(span, 1, (ulong)count);
        length = Varint.Write(span, length, Varint.ZigZag(first));
        length = Varint.Write(span, length, (ulong)_texts.Count);
        foreach (var text in _texts)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            length = Varint.Write(span, length, (ulong)bytes);
            length += Encoding.UTF8.GetBytes(text, span[length..]);
        }

        _events.AsSpan(0, eventsLength).CopyTo(span[length..]);
        return new ArraySegment<byte>(_block, 0, length + eventsLength);
    }

    private int OptionalText(int column, string? value) => value is null ? 0 : Text(column, value) + 1;

    private int Text(int column, string value)
    {
        ref var last = ref _columns[column];
        if (ReferenceEquals(last.Value, value))
        {
            return last.Index;
        }

        if (!_index.TryGetValue(value, out var index))
        {
            index = _texts.Count;
            _index.Add(value, index);
            _texts.Add(value);
        }

        last = new Column(value, index);
        return index;
    }

    private static void Reserve(ref byte[] buffer, int used, int more)
    {
        if (used + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(used + more, buffer.Length * 2));
        }
    }

    private readonly record struct Column(string? Value, int Index);
}
