using System.Security.Claims;
using EndpointStats.Hosting.Security;
using EndpointStats.Identity.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EndpointStats.Identity.Tokens;

/// <summary>Signs short-lived access tokens with the key ring's current key; the header's <c>kid</c> names that key.</summary>
public sealed class AccessTokenIssuer(PlatformKeyRing keys, IOptions<SigningKeyOptions> signing, IOptions<IdentityOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    public string Issue(UserAccount user, string sessionId)
    {
        var credentials = keys.Signing ?? throw new InvalidOperationException(
            "This process holds no private signing key; set Identity:SigningKey or Identity:SigningKeyFile to a private key.");
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = signing.Value.Issuer,
            Audience = signing.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.Subject] = user.Id,
                [PlatformClaims.Name] = user.Username,
                [PlatformClaims.Role] = user.Role,
                [PlatformClaims.Session] = sessionId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }

    public static string? SessionOf(ClaimsPrincipal principal) => principal.FindFirst(PlatformClaims.Session)?.Value;
}
