namespace EndpointStats.Hosting.Security;

/// <summary>
/// Where access-token keys come from (the <c>Identity</c> section, read by every role because every role validates tokens).
/// Either a symmetric key (<c>SigningKey</c>, base64 of at least 32 random bytes, HS256) or a PEM key file
/// (<c>SigningKeyFile</c>, EC P-256 for ES256 or RSA for RS256; a public key is enough in roles that only validate).
/// The previous keys stay accepted for validation, so a rotation does not sign anyone out.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Identity";

    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    public string[] PreviousSigningKeys { get; set; } = [];

    public string[] PreviousSigningKeyFiles { get; set; } = [];

    public string Issuer { get; set; } = "endpoint-stats";

    public string Audience { get; set; } = "endpoint-stats";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(SigningKeyFile);
}
