using System.Buffers.Text;
using System.Text;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>
/// One RESP2 reply as the decision connection needs it: a status, an error, an integer, a bulk string (kept as text) or an
/// array of such (a script's answer is an array of integers, kept as <see cref="Integers"/> without a reply object each).
/// </summary>
internal sealed class RespReply
{
    private RespReply(char kind) => Kind = kind;

    /// <summary>The RESP type byte: '+', '-', ':', '$' or '*'.</summary>
    public char Kind { get; }

    public long Integer { get; private init; }

    /// <summary>Status, error or bulk text; null for a null bulk string.</summary>
    public string? Text { get; private init; }

    /// <summary>An array's integers (every element an integer reply); null for another array.</summary>
    public long[]? Integers { get; private init; }

    public bool IsError => Kind == '-';

    /// <summary>
    /// Parses one reply from the start of <paramref name="input"/>: the reply and the bytes it took, or (null, 0) when the
    /// input holds only part of one. Throws <see cref="FormatException"/> on bytes that are not RESP.
    /// </summary>
    public static (RespReply? Reply, int Consumed) Parse(ReadOnlySpan<byte> input)
    {
        var line = input.IndexOf("\r\n"u8);
        if (line < 1)
        {
            return line == 0 ? throw new FormatException("An empty RESP line.") : (null, 0);
        }

        var kind = (char)input[0];
        var header = input[1..line];
        var consumed = line + 2;
        switch (kind)
        {
            case '+' or '-':
                return (new RespReply(kind) { Text = Encoding.UTF8.GetString(header) }, consumed);
            case ':':
                return (new RespReply(kind) { Integer = Number(header) }, consumed);
            case '$':
                var length = Number(header);
                if (length < 0)
                {
                    return (new RespReply(kind), consumed);
                }

                if (input.Length < consumed + length + 2)
                {
                    return (null, 0);
                }

                return (new RespReply(kind) { Text = Encoding.UTF8.GetString(input.Slice(consumed, (int)length)) }, consumed + (int)length + 2);
            case '*':
                return Array(input, consumed, Number(header));
            default:
                throw new FormatException($"Not a RESP reply: type byte 0x{(byte)kind:x2}.");
        }
    }

    private static (RespReply? Reply, int Consumed) Array(ReadOnlySpan<byte> input, int at, long count)
    {
        if (count < 0)
        {
            return (new RespReply('*'), at);
        }

        var integers = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (at < input.Length && input[at] == (byte)':')
            {
                // An integer element, read in place: a script's answer is an array of them.
                var end = input[at..].IndexOf("\r\n"u8);
                if (end < 0)
                {
                    return (null, 0);
                }

                integers[i] = Number(input.Slice(at + 1, end - 1));
                at += end + 2;
                continue;
            }

            // Not a script's answer (nothing else this connection sends answers an array): skip the rest, keep it as such.
            for (; i < count; i++)
            {
                var (element, used) = Parse(input[at..]);
                if (element is null)
                {
                    return (null, 0);
                }

                at += used;
            }

            return (new RespReply('*'), at);
        }

        return (new RespReply('*') { Integers = integers }, at);
    }

    private static long Number(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var used) && used == text.Length
            ? value
            : throw new FormatException($"Not a RESP number: '{Encoding.ASCII.GetString(text)}'.");
}
