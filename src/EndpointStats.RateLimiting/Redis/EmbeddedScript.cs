using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// A Lua script shipped in this assembly, called with EVALSHA by its SHA-1 (no script text to hash or send per call); after a
/// Redis restart or failover the script cache is empty (NOSCRIPT), so that one call sends the text with EVAL, which caches it again.
/// </summary>
internal sealed partial class EmbeddedScript
{
    private readonly string _text;
    private readonly byte[] _sha;

    private EmbeddedScript(string text)
    {
        _text = text;
        _sha = SHA1.HashData(Encoding.UTF8.GetBytes(text));
        Sha = Convert.ToHexStringLower(_sha);
    }

    /// <summary>The script's text, includes inlined.</summary>
    public string Text => _text;

    /// <summary>Its SHA-1 in lowercase hex, as EVALSHA takes it.</summary>
    public string Sha { get; }

    /// <summary>
    /// The script <paramref name="fileName"/>, each of its <c>--- @include "other.lua"</c> lines replaced by that file's text
    /// (as BullMQ's script loader does), so that scripts share code while Redis still receives one self-contained script.
    /// </summary>
    public static EmbeddedScript Load(string fileName) =>
        new(IncludeLine().Replace(Read(fileName), include => Read(include.Groups["file"].Value)));

    private static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedScript).Assembly.GetManifestResourceStream("EndpointStats.RateLimiting.Redis." + fileName)
            ?? throw new InvalidOperationException($"The script {fileName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("""^--- @include "(?<file>[^"]+)"\r?$""", RegexOptions.Multiline)]
    private static partial Regex IncludeLine();

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha, keys, values);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(_text, keys, values);
        }
    }
}
