using System.Security.Claims;
using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Security;
using EndpointStats.Images.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace EndpointStats.Images.Api;

/// <summary>
/// <c>/api/images</c>. Reading one image is open to anyone for avatars and to the owner otherwise; everyone else gets the
/// same 404 as for a missing id, so ids cannot be probed.
/// </summary>
public static class ImagesApi
{
    public static RouteGroupBuilder MapImages(this IEndpointRouteBuilder endpoints)
    {
        // Grouped on /api so that /api/images itself is a plain route, not a group root with a trailing slash.
        var group = endpoints.MapGroup("/api").WithTags("Images");
        // Reading one image is anonymous (avatars); everything else needs a signed-in user.
        group.MapPost("/images", UploadAsync).DisableAntiforgery().RequireAuthorization(PlatformPolicies.User);
        group.MapGet("/images", ListAsync).RequireAuthorization(PlatformPolicies.User);
        group.MapDelete("/images", DeleteAllAsync).RequireAuthorization(PlatformPolicies.User);
        group.MapPut("/images/avatar", SetAvatarAsync).RequireAuthorization(PlatformPolicies.User);
        group.MapDelete("/images/{id}", DeleteAsync).RequireAuthorization(PlatformPolicies.User);
        group.MapGet("/images/{id}", ImageDownload.GetAsync).AllowAnonymous();
        return group;
    }

    public static async Task<Results<Created<ImageRecord>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal principal, ImageService images, ImagesMetrics metrics, CancellationToken cancellationToken)
    {
        var (received, problem) = await images.Reader.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            metrics.Upload(problem.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "too_large",
                StatusCodes.Status415UnsupportedMediaType => "unsupported",
                _ => "bad_request",
            });
            return problem;
        }

        var image = await images.CommitAsync(OwnerOf(principal), received!, cancellationToken);
        return TypedResults.Created($"/api/images/{image.Id}", image);
    }

    public static async Task<Results<Ok<Paged<ImageRecord>>, ValidationProblem>> ListAsync(
        [FromQuery] int? page, [FromQuery(Name = "page_size")] int? pageSize, ClaimsPrincipal principal, ImageStore store, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        var (list, total) = await store.ListAsync(OwnerOf(principal), paging, cancellationToken);
        return TypedResults.Ok(new Paged<ImageRecord>(list, paging.Page, paging.PageSize, total));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal principal, ImageService images, CancellationToken cancellationToken) =>
        ImageFiles.IsValidId(id) && await images.DeleteAsync(id, OwnerOf(principal), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound();

    /// <summary>Deletes every image of the caller (used by account deletion when the images role runs apart).</summary>
    public static async Task<Ok<Dictionary<string, int>>> DeleteAllAsync(ClaimsPrincipal principal, ImageService images, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Dictionary<string, int> { ["deleted"] = await images.DeleteAllAsync(OwnerOf(principal), cancellationToken) });

    public static async Task<Results<NoContent, ProblemHttpResult>> SetAvatarAsync(AvatarRequest request, ClaimsPrincipal principal, ImageStore store, CancellationToken cancellationToken)
    {
        var id = string.IsNullOrEmpty(request.ImageId) ? null : request.ImageId;
        if (id is not null && !ImageFiles.IsValidId(id))
        {
            return NotFound();
        }

        return await store.SetAvatarAsync(OwnerOf(principal), id, cancellationToken) ? TypedResults.NoContent() : NotFound();
    }

    internal static string OwnerOf(ClaimsPrincipal principal) => principal.FindFirst(PlatformClaims.Subject)?.Value ?? string.Empty;

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Image not found", detail: "No image with this id is visible to you.");
}

public sealed record AvatarRequest([property: System.Text.Json.Serialization.JsonPropertyName("image_id")] string? ImageId);
