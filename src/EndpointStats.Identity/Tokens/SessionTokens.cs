using EndpointStats.Identity.Accounts;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity.Tokens;

/// <summary>Starts and continues sessions: an access token plus a refresh token of the session's family.</summary>
public sealed class SessionTokens(AccessTokenIssuer access, RefreshTokenStore refresh, UserStore users, IdentityMetrics metrics, ILogger<SessionTokens> logger)
{
    public async Task<TokenResponse> StartAsync(UserAccount user, CancellationToken cancellationToken)
    {
        var family = Guid.NewGuid().ToString("N");
        var refreshToken = await refresh.StartFamilyAsync(user.Id, family, cancellationToken);
        return Response(user, family, refreshToken);
    }

    /// <summary>Rotates the refresh token; the new access token carries the account's current role.</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var outcome = await refresh.RotateAsync(refreshToken, cancellationToken);
        metrics.Refresh(outcome.Status.ToString().ToLowerInvariant());
        if (outcome.Status == RefreshStatus.Reused)
        {
            IdentityLog.RefreshReused(logger, outcome.UserId!, outcome.FamilyId!);
        }

        if (outcome.Status != RefreshStatus.Rotated)
        {
            return null;
        }

        var user = await users.FindByIdAsync(outcome.UserId!, cancellationToken);
        return user is null ? null : Response(user, outcome.FamilyId!, outcome.NextToken!);
    }

    private TokenResponse Response(UserAccount user, string family, string refreshToken) =>
        new(access.Issue(user, family), "Bearer", (int)access.Lifetime.TotalSeconds, refreshToken);
}
