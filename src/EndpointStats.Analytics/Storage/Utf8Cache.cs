using System.Text;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// The UTF-8 bytes of the last string bound to each text column. Consecutive events mostly carry the very same string
/// objects (route template, method, pod name, a connection's client address), so the encoding is done once per run of
/// them, not once per row.
/// </summary>
internal sealed class Utf8Cache
{
    private const int Columns = 6;
    private readonly string?[] _strings = new string?[Columns];
    private readonly byte[][] _bytes = new byte[Columns][];

    public ReadOnlySpan<byte> Get(int column, string value)
    {
        if (!ReferenceEquals(_strings[column], value))
        {
            _bytes[column] = Encoding.UTF8.GetBytes(value);
            _strings[column] = value;
        }

        return _bytes[column];
    }
}
