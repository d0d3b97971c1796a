using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace EndpointStats.Hosting.Security;

/// <summary>JWT claim names and role values, kept as issued (inbound claim mapping is off).</summary>
public static class PlatformClaims
{
    /// <summary>The user id; also the rate-limit key for per-user rules and the <c>user</c> of analytics events.</summary>
    public const string Subject = "sub";

    public const string Role = "role";

    public const string Name = "name";

    /// <summary>The refresh-token family (one per login), so a session can be named without its secret.</summary>
    public const string Session = "sid";

    public const string UserRole = "user";

    public const string AdminRole = "admin";

    public static readonly IReadOnlyList<string> Roles = [UserRole, AdminRole];

    /// <summary>
    /// The request's user id, or null when anonymous. Reads the authentication feature instead of <c>HttpContext.User</c>,
    /// whose getter builds an empty principal for every anonymous request, and through the feature collection's indexer
    /// rather than its generic accessor (a slower dispatch): rate limiting and request recording call it on every request.
    /// </summary>
    public static string? UserId(HttpContext context) =>
        (context.Features[typeof(IHttpAuthenticationFeature)] as IHttpAuthenticationFeature)?.User?.FindFirst(Subject)?.Value;
}
