using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EndpointStats.Identity.Tests.Support;

/// <summary>Access tokens made by the test itself with a known key, to probe what the platform accepts.</summary>
internal static class ForgedTokens
{
    public static string Forge(string base64Key, string subject, string role, DateTime? expires = null, DateTime? notBefore = null, string issuer = "endpoint-stats")
    {
        if (expires is null && notBefore is null)
        {
            return TestTokens.Create(base64Key, subject, role, issuer);
        }

        var key = new SymmetricSecurityKey(Convert.FromBase64String(base64Key)) { KeyId = "test" };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "endpoint-stats",
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role), new Claim("name", "forged")]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Replaces the payload (keeping header and signature), as an attacker editing claims would.</summary>
    public static string WithPayload(string token, string payloadJson)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payloadJson)}.{parts[2]}";
    }

    public static string Payload(string token) => Base64UrlEncoder.Decode(token.Split('.')[1]);

    public static string Header(string token) => Base64UrlEncoder.Decode(token.Split('.')[0]);
}
