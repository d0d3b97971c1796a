using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity;

/// <summary>Log messages of the identity module; event ids 4000-4099.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(4000, LogLevel.Information, "Account {UserId} registered with role {Role}")]
    public static partial void Registered(ILogger logger, string userId, string role);

    [LoggerMessage(4001, LogLevel.Information, "Login failed from {ClientIp}")]
    public static partial void LoginFailed(ILogger logger, string clientIp);

    [LoggerMessage(4002, LogLevel.Warning, "Login throttled from {ClientIp}; retry after {RetryAfterSeconds} s")]
    public static partial void LoginThrottled(ILogger logger, string clientIp, double retryAfterSeconds);

    [LoggerMessage(4003, LogLevel.Warning, "Refresh token reused for user {UserId}; session family {FamilyId} revoked")]
    public static partial void RefreshReused(ILogger logger, string userId, string familyId);

    [LoggerMessage(4004, LogLevel.Information, "Password of {UserId} re-hashed with {Iterations} iterations")]
    public static partial void Rehashed(ILogger logger, string userId, int iterations);

    [LoggerMessage(4005, LogLevel.Information, "Password of {UserId} changed; {Sessions} other session token(s) revoked")]
    public static partial void PasswordChanged(ILogger logger, string userId, int sessions);

    [LoggerMessage(4006, LogLevel.Information, "Account {UserId} deleted with {Images} image(s)")]
    public static partial void AccountDeleted(ILogger logger, string userId, int images);

    [LoggerMessage(4007, LogLevel.Information, "Role of {UserId} set to {Role} by {AdminId}")]
    public static partial void RoleChanged(ILogger logger, string userId, string role, string adminId);

    [LoggerMessage(4008, LogLevel.Information, "Access tokens signed with the key from {Source}")]
    public static partial void SigningKey(ILogger logger, string source);
}
