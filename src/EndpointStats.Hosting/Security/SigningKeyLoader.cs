using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace EndpointStats.Hosting.Security;

/// <summary>Turns configured key material into signing keys with a stable <c>kid</c> derived from the key itself.</summary>
internal static class SigningKeyLoader
{
    public const int MinimumSymmetricBytes = 32;

    public static (SecurityKey Key, string Algorithm) FromBase64(string setting, string value)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidConfigurationException(setting, "expected base64 of at least 32 random bytes (for example the output of `openssl rand -base64 32`).");
        }

        if (bytes.Length < MinimumSymmetricBytes)
        {
            throw new InvalidConfigurationException(setting, $"the key has {bytes.Length} bytes; HS256 needs at least {MinimumSymmetricBytes}.");
        }

        return (new SymmetricSecurityKey(bytes) { KeyId = KeyId(bytes) }, SecurityAlgorithms.HmacSha256);
    }

    /// <summary>Reads a PEM file: EC P-256 (ES256) or RSA (RS256), private or public.</summary>
    public static (SecurityKey Key, string Algorithm) FromPemFile(string setting, string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException(setting, $"cannot read '{path}': {ex.Message}");
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            if (ec.KeySize != 256)
            {
                throw new InvalidConfigurationException(setting, $"'{path}' is an EC key of {ec.KeySize} bits; ES256 needs P-256.");
            }

            return (new ECDsaSecurityKey(ec) { KeyId = KeyId(ec.ExportSubjectPublicKeyInfo()) }, SecurityAlgorithms.EcdsaSha256);
        }
        catch (CryptographicException)
        {
            // Not an EC key: try RSA below.
        }
        catch (ArgumentException)
        {
            // No EC PEM label: try RSA below.
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return (new RsaSecurityKey(rsa) { KeyId = KeyId(rsa.ExportSubjectPublicKeyInfo()) }, SecurityAlgorithms.RsaSha256);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidConfigurationException(setting, $"'{path}' holds neither an EC P-256 nor an RSA key in PEM form.");
        }
    }

    public static bool CanSign(SecurityKey key) => key switch
    {
        SymmetricSecurityKey => true,
        ECDsaSecurityKey ec => HasPrivateKey(() => ec.ECDsa.ExportParameters(true)),
        RsaSecurityKey rsa => HasPrivateKey(() => rsa.Rsa.ExportParameters(true)),
        _ => false,
    };

    /// <summary>A short fingerprint of the key, so tokens name their key without revealing anything about it.</summary>
    private static string KeyId(ReadOnlySpan<byte> material) => Base64UrlEncoder.Encode(SHA256.HashData(material)[..12]);

    private static bool HasPrivateKey(Action export)
    {
        try
        {
            export();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
