using System.Globalization;
using EndpointStats.Identity.Accounts;
using EndpointStats.Identity.Login;
using EndpointStats.Identity.Passwords;
using EndpointStats.Identity.Tokens;
using EndpointStats.RateLimiting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity.Api;

/// <summary>
/// <c>POST /api/auth/login</c>. An unknown account and a wrong password give the same 401 body and take the same
/// PBKDF2 work; attempts are limited per account name and per client IP before any password is checked.
/// </summary>
public static class LoginHandler
{
    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, UserStore users, PasswordHashing hashing, SessionTokens sessions,
        ILoginThrottle throttle, ClientAddressResolver clients, IdentityMetrics metrics, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var login = !string.IsNullOrEmpty(request.Username) ? request.Username : request.Email;
        var errors = new Dictionary<string, string[]>();
        AccountRules.Required(login, "username", errors);
        AccountRules.Required(request.Password, "password", errors);
        if (login is { Length: > AccountRules.MaxEmailLength })
        {
            errors["username"] = ["The username is too long."];
        }

        if (request.Password is { Length: > AccountRules.MaxPasswordLength })
        {
            errors["password"] = ["The password is too long."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var logger = logs.CreateLogger(typeof(LoginHandler));
        var normalized = AccountRules.NormalizeLogin(login!);
        // Through the trusted proxies, as the gateway's limits do: behind an ingress the peer is the ingress for everyone.
        var clientIp = clients.Resolve(context)?.ToString() ?? "unknown";
        if (await throttle.TryAttemptAsync(normalized, clientIp, cancellationToken) is { } retryAfter)
        {
            IdentityLog.LoginThrottled(logger, clientIp, retryAfter.TotalSeconds);
            metrics.Login("throttled");
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many login attempts",
                detail: $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.");
        }

        var user = await users.FindByLoginAsync(normalized, cancellationToken);
        var check = hashing.Verify(user?.PasswordHash, request.Password!);
        if (user is null || check == PasswordCheck.Wrong)
        {
            IdentityLog.LoginFailed(logger, clientIp);
            metrics.Login("failed");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
                detail: "The username or password is incorrect.");
        }

        if (check == PasswordCheck.CorrectButRehash)
        {
            await users.UpdatePasswordHashAsync(user.Id, hashing.Hash(request.Password!), cancellationToken);
            IdentityLog.Rehashed(logger, user.Id, hashing.Iterations);
        }

        metrics.Login("success");
        return TypedResults.Ok(await sessions.StartAsync(user, cancellationToken));
    }
}
