using System.Security.Claims;
using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Security;
using EndpointStats.Identity.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EndpointStats.Identity.Api;

/// <summary>User administration (admins only): list accounts, change roles. A new role applies from the user's next token refresh.</summary>
public static class UsersAdminApi
{
    /// <summary>The group sits on <c>/api</c> so that <c>/api/users</c> itself is a plain route, not a group root with a trailing slash.</summary>
    public static RouteGroupBuilder MapUsersAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Identity").RequireAuthorization(PlatformPolicies.Admin);
        group.MapGet("/users", ListAsync);
        group.MapPut("/users/{id}/role", SetRoleAsync);
        return group;
    }

    public static async Task<Results<Ok<Paged<ProfileResponse>>, ValidationProblem>> ListAsync(
        [FromQuery] int? page, [FromQuery(Name = "page_size")] int? pageSize, UserStore users, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        var (list, total) = await users.ListAsync(paging, cancellationToken);
        return TypedResults.Ok(new Paged<ProfileResponse>(list.Select(ProfileResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    public static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> SetRoleAsync(
        string id, RoleUpdate update, ClaimsPrincipal principal, UserStore users, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (update.Role is null || !PlatformClaims.Roles.Contains(update.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"The role is one of: {string.Join(", ", PlatformClaims.Roles)}."] });
        }

        switch (await users.SetRoleAsync(id, update.Role, cancellationToken))
        {
            case RoleChange.NotFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No account has the id '{id}'.");
            case RoleChange.LastAdmin:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last admin",
                    detail: "This is the only admin; make another account admin first.");
        }

        IdentityLog.RoleChanged(logs.CreateLogger(typeof(UsersAdminApi)), id, update.Role, MeApi.UserId(principal));
        var user = await users.FindByIdAsync(id, cancellationToken);
        return TypedResults.Ok(ProfileResponse.From(user!));
    }
}
