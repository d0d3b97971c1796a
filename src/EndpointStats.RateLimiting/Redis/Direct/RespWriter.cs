using System.Buffers.Text;
using System.Text;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>
/// Writes RESP commands (arrays of bulk strings) into one growing buffer that the connection's I/O thread reuses for every
/// write, so that sending a call allocates nothing once the buffer has grown to the largest call.
/// </summary>
internal sealed class RespWriter
{
    private byte[] _buffer = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Starts a command of <paramref name="parts"/> arguments (the command's name included).</summary>
    public void BeginCommand(int parts) => Prefixed((byte)'*', parts);

    public void Bulk(ReadOnlySpan<byte> value)
    {
        Prefixed((byte)'$', value.Length);
        Ensure(value.Length + 2);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
        CrLf();
    }

    public void Bulk(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Prefixed((byte)'$', bytes);
        Ensure(bytes + 2);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
        CrLf();
    }

    public void Bulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        Bulk(digits[..written]);
    }

    private void Prefixed(byte kind, long number)
    {
        Ensure(24);
        _buffer[Length++] = kind;
        Utf8Formatter.TryFormat(number, _buffer.AsSpan(Length), out var written);
        Length += written;
        CrLf();
    }

    private void CrLf()
    {
        _buffer[Length++] = (byte)'\r';
        _buffer[Length++] = (byte)'\n';
    }

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}
