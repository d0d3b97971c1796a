using System.Security.Claims;
using EndpointStats.Hosting.Accounts;
using EndpointStats.Hosting.Security;
using EndpointStats.Identity.Accounts;
using EndpointStats.Identity.Passwords;
using EndpointStats.Identity.RemoteImages;
using EndpointStats.Identity.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity.Api;

/// <summary><c>/api/users/me</c>: the signed-in account's own profile, password and deletion.</summary>
public static class MeApi
{
    public const int MaxDisplayName = 64;
    public const int MaxBio = 500;

    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users").WithTags("Identity").RequireAuthorization(PlatformPolicies.User)
            .AddEndpointFilter<ImagesUnavailableFilter>();
        group.MapGet("/me", GetAsync);
        group.MapPut("/me", UpdateAsync);
        group.MapPut("/me/password", ChangePasswordAsync);
        group.MapDelete("/me", DeleteAsync);
        return group;
    }

    public static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal principal, UserStore users, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(UserId(principal), cancellationToken) is { } user
            ? TypedResults.Ok(ProfileResponse.From(user))
            : AccountGone();

    public static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ProfileUpdate update, ClaimsPrincipal principal, UserStore users, IAccountImages images, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (update.DisplayName is { Length: > MaxDisplayName })
        {
            errors["display_name"] = [$"A display name has at most {MaxDisplayName} characters."];
        }

        if (update.Bio is { Length: > MaxBio })
        {
            errors["bio"] = [$"A bio has at most {MaxBio} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = UserId(principal);
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return AccountGone();
        }

        var avatar = string.IsNullOrEmpty(update.AvatarImageId) ? null : update.AvatarImageId;
        if (avatar != user.AvatarImageId && await images.SetAvatarAsync(id, avatar, cancellationToken) == AvatarChange.NotFound)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["avatar_image_id"] = ["No image of yours has this id."] });
        }

        await users.UpdateProfileAsync(id, Blank(update.DisplayName), Blank(update.Bio), avatar, cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(user with { DisplayName = Blank(update.DisplayName), Bio = Blank(update.Bio), AvatarImageId = avatar }));
    }

    /// <summary>Changes the password and ends every other session; the caller's own session continues.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange change, ClaimsPrincipal principal, UserStore users, PasswordHashing hashing, RefreshTokenStore refresh,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AccountRules.Required(change.CurrentPassword, "current_password", errors);
        AccountRules.Password(change.NewPassword, errors, "new_password");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await users.FindByIdAsync(UserId(principal), cancellationToken) is not { } user)
        {
            return AccountGone();
        }

        if (hashing.Verify(user.PasswordHash, change.CurrentPassword!) == PasswordCheck.Wrong)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["current_password"] = ["The current password is incorrect."] });
        }

        await users.UpdatePasswordHashAsync(user.Id, hashing.Hash(change.NewPassword!), cancellationToken);
        var revoked = await refresh.RevokeOtherFamiliesAsync(user.Id, AccessTokenIssuer.SessionOf(principal), cancellationToken);
        IdentityLog.PasswordChanged(logs.CreateLogger(typeof(MeApi)), user.Id, revoked);
        return TypedResults.NoContent();
    }

    /// <summary>Deletes the account's images first: if that fails the account still exists and the request can be retried.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal principal, UserStore users, IAccountImages images, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var id = UserId(principal);
        if (await users.FindByIdAsync(id, cancellationToken) is null)
        {
            return AccountGone();
        }

        var count = await images.DeleteAllAsync(id, cancellationToken);
        await users.DeleteAsync(id, cancellationToken);
        IdentityLog.AccountDeleted(logs.CreateLogger(typeof(MeApi)), id, count);
        return TypedResults.NoContent();
    }

    internal static string UserId(ClaimsPrincipal principal) => principal.FindFirst(PlatformClaims.Subject)?.Value ?? string.Empty;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ProblemHttpResult AccountGone() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Account not found", detail: "The account of this token no longer exists.");
}
