using System.Buffers.Binary;
using System.Text;
using EndpointStats.Analytics.Model;
using EndpointStats.Hosting.Analytics;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// Reads one block of raw events as SQLite stores them: a batch's events, oldest first, in one row of
/// <c>analytics_event_blocks</c> instead of one row each. Writing a block costs SQLite one insert, not thousands of them
/// (thirteen bound values, a record and a B-tree insert per event were most of the writer's time), and the block is a
/// third of the rows' size.
/// <para>
/// Layout, version 1: a version byte; varint event count; zigzag varint time of the first event (Unix microseconds);
/// varint text count, then each text as varint UTF-8 length and bytes; then per event: varint microseconds since the
/// previous event (the first: 0), the 16-byte id, varint route and method text indexes, zigzag varint status * 2 +
/// is_error, the duration as a little-endian IEEE 754 double, varint client, user, user-agent and pod text indexes plus
/// one (0: none), zigzag varint request and response bytes.
/// </para>
/// </summary>
internal sealed class EventBlock
{
    public const byte Version = 1;

    /// <summary>Bytes an event takes at most outside the text table: ten varints, the id and the duration.</summary>
    public const int MaxFixedBytesPerEvent = 10 * 10 + 16 + 8;

    private readonly byte[] _data;
    private readonly int _length;
    private readonly string[] _texts;
    private readonly int _count;
    private int _position;
    private int _read;

    public EventBlock(byte[] data, int length)
    {
        _data = data;
        _length = length;
        if (length < 1 || data[0] != Version)
        {
            throw new InvalidDataException($"Unknown event block version {(length < 1 ? -1 : data[0])}.");
        }

        _position = 1;
        _count = checked((int)ReadVarint());
        TimestampMicros = Varint.UnZigZag(ReadVarint());
        _texts = new string[checked((int)ReadVarint())];
        for (var i = 0; i < _texts.Length; i++)
        {
            var bytes = checked((int)ReadVarint());
            _texts[i] = Encoding.UTF8.GetString(Take(bytes));
        }
    }

    public long TimestampMicros { get; private set; }

    public Guid Id { get; private set; }

    public string Route { get; private set; } = string.Empty;

    public string Method { get; private set; } = string.Empty;

    public int Status { get; private set; }

    public bool IsError { get; private set; }

    public bool CountsAsError => RequestEvent.IsErrorOutcome(Status, IsError);

    public double DurationMs { get; private set; }

    public string? ClientIp { get; private set; }

    public string? UserId { get; private set; }

    public string? UserAgent { get; private set; }

    public string? PodName { get; private set; }

    public long RequestBytes { get; private set; }

    public long ResponseBytes { get; private set; }

    /// <summary>Whether any event of the block has <paramref name="text"/> in a text column: a block without a route is skipped undecoded.</summary>
    public bool Mentions(string text) => Array.IndexOf(_texts, text) >= 0;

    /// <summary>Moves to the next event; false after the last one.</summary>
    public bool MoveNext()
    {
        if (_read == _count)
        {
            return false;
        }

        _read++;
        TimestampMicros += (long)ReadVarint();
        Id = new Guid(Take(16));
        Route = _texts[ReadVarint()];
        Method = _texts[ReadVarint()];
        var status = Varint.UnZigZag(ReadVarint());
        Status = checked((int)(status >> 1));
        IsError = (status & 1) != 0;
        DurationMs = BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
        ClientIp = OptionalText();
        UserId = OptionalText();
        UserAgent = OptionalText();
        PodName = OptionalText();
        RequestBytes = Varint.UnZigZag(ReadVarint());
        ResponseBytes = Varint.UnZigZag(ReadVarint());
        return true;
    }

    public RequestEvent Current => new()
    {
        Id = Id,
        Timestamp = SqliteAnalyticsStore.FromMicros(TimestampMicros),
        Route = Route,
        Method = Method,
        Status = Status,
        DurationMs = DurationMs,
        ClientIp = ClientIp,
        UserId = UserId,
        UserAgent = UserAgent,
        PodName = PodName,
        RequestBytes = RequestBytes,
        ResponseBytes = ResponseBytes,
        IsError = IsError,
    };

    private string? OptionalText()
    {
        var index = ReadVarint();
        return index == 0 ? null : _texts[index - 1];
    }

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (bytes < 0 || _position + bytes > _length)
        {
            throw new InvalidDataException("Truncated event block.");
        }

        var span = _data.AsSpan(_position, bytes);
        _position += bytes;
        return span;
    }

    private ulong ReadVarint() => Varint.Read(_data.AsSpan(0, _length), ref _position);
}
