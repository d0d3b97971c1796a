using System.Text;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// Turns a raw path into a template by replacing segments that look like identifiers with <c>{id}</c>: numbers, GUIDs,
/// long hex strings (hashes, object ids) and long base64/url-safe tokens that mix letters and digits.
/// </summary>
public static class PathNormaliser
{
    private const int MinHexLength = 16;
    private const int MinTokenLength = 20;

    public static string Normalise(ReadOnlySpan<char> path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (range.Start.Value > 0)
            {
                builder.Append('/');
            }

            if (IsIdentifier(segment))
            {
                builder.Append("{id}");
            }
            else
            {
                builder.Append(segment);
            }
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    public static bool IsIdentifier(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return false;
        }

        if (IsAll(segment, char.IsAsciiDigit) || Guid.TryParse(segment, out _))
        {
            return true;
        }

        if (segment.Length >= MinHexLength && IsAll(segment, char.IsAsciiHexDigit))
        {
            return true;
        }

        return segment.Length >= MinTokenLength
               && IsAll(segment, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '=' or '%')
               && segment.ContainsAnyInRange('0', '9')
               && (segment.ContainsAnyInRange('a', 'z') || segment.ContainsAnyInRange('A', 'Z'));
    }

    private static bool IsAll(ReadOnlySpan<char> segment, Func<char, bool> predicate)
    {
        foreach (var c in segment)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }
}
