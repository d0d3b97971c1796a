using Microsoft.IdentityModel.Tokens;

namespace EndpointStats.Hosting.Security;

/// <summary>
/// The key that signs new access tokens and every key still accepted when validating them (current first, then the
/// previous ones). With nothing configured, the roles share a key generated once under <c>Storage:DataDirectory</c>.
/// </summary>
public sealed class PlatformKeyRing
{
    private PlatformKeyRing(SigningCredentials? signing, IReadOnlyList<SecurityKey> validationKeys, string source)
    {
        Signing = signing;
        ValidationKeys = validationKeys;
        Source = source;
    }

    /// <summary>Null when this process only holds a public key (or no key at all) and so cannot issue tokens.</summary>
    public SigningCredentials? Signing { get; }

    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    /// <summary>Where the current key came from, for the start-up log (never the key itself).</summary>
    public string Source { get; }

    public static PlatformKeyRing Load(SigningKeyOptions options, string dataDirectory, bool createIfMissing)
    {
        (SecurityKey Key, string Algorithm)? current = null;
        string source;
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            current = SigningKeyLoader.FromBase64("Identity:SigningKey", options.SigningKey);
            source = "Identity:SigningKey";
        }
        else if (!string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            current = SigningKeyLoader.FromPemFile("Identity:SigningKeyFile", options.SigningKeyFile);
            source = options.SigningKeyFile;
        }
        else
        {
            var generated = GeneratedKeyFile.ReadOrCreate(dataDirectory, createIfMissing);
            source = generated is null ? "none" : GeneratedKeyFile.PathIn(dataDirectory);
            if (generated is not null)
            {
                current = SigningKeyLoader.FromBase64(GeneratedKeyFile.PathIn(dataDirectory), generated);
            }
        }

        var previous = options.PreviousSigningKeys
            .Select((k, i) => SigningKeyLoader.FromBase64($"Identity:PreviousSigningKeys:{i}", k).Key)
            .Concat(options.PreviousSigningKeyFiles.Select((f, i) => SigningKeyLoader.FromPemFile($"Identity:PreviousSigningKeyFiles:{i}", f).Key));
        var validation = (current is { } c ? [c.Key] : Array.Empty<SecurityKey>()).Concat(previous).ToList();
        var signing = current is { } s && SigningKeyLoader.CanSign(s.Key) ? new SigningCredentials(s.Key, s.Algorithm) : null;
        return new PlatformKeyRing(signing, validation, source);
    }
}
