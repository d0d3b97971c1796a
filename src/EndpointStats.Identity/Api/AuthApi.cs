using EndpointStats.Identity.Accounts;
using EndpointStats.Identity.Passwords;
using EndpointStats.Identity.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity.Api;

/// <summary><c>/api/auth</c>: anonymous by design (these are how a caller gets a token).</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("Identity").AllowAnonymous();
        group.MapPost("/register", RegisterAsync);
        group.MapPost("/login", LoginHandler.LoginAsync);
        group.MapPost("/refresh", RefreshAsync);
        group.MapPost("/logout", LogoutAsync);
        return group;
    }

    public static async Task<Results<Created<RegisteredResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, UserStore users, PasswordHashing hashing, SessionTokens sessions, IdentityMetrics metrics, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AccountRules.Username(request.Username, errors);
        AccountRules.Email(request.Email, errors);
        AccountRules.Password(request.Password, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = AccountRules.NormalizeEmail(request.Email!);
        // Checked before hashing so a taken name costs no PBKDF2 work; the insert checks again under its transaction.
        var user = await users.ExistsAsync(request.Username!, email, cancellationToken)
            ? null
            : await users.CreateAsync(request.Username!, email, hashing.Hash(request.Password!), cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account exists",
                detail: "The username or the email is already registered.");
        }

        IdentityLog.Registered(logs.CreateLogger(typeof(AuthApi)), user.Id, user.Role);
        metrics.Registered();
        var tokens = await sessions.StartAsync(user, cancellationToken);
        return TypedResults.Created("/api/users/me", new RegisteredResponse(
            ProfileResponse.From(user), tokens.AccessToken, tokens.TokenType, tokens.ExpiresIn, tokens.RefreshToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SessionTokens sessions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refresh_token"] = ["The refresh_token field is required."] });
        }

        return await sessions.RefreshAsync(request.RefreshToken, cancellationToken) is { } tokens
            ? TypedResults.Ok(tokens)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
                detail: "The refresh token is unknown, expired, revoked or already used; sign in again.");
    }

    /// <summary>Ends the session the refresh token belongs to; answers 204 whatever the token, so it can be retried safely.</summary>
    public static async Task<Results<NoContent, ValidationProblem>> LogoutAsync(
        RefreshRequest request, RefreshTokenStore refresh, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refresh_token"] = ["The refresh_token field is required."] });
        }

        await refresh.RevokeFamilyOfAsync(request.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }
}
