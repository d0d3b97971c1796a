using System.Security.Claims;
using EndpointStats.Images.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EndpointStats.Images.Api;

/// <summary><c>GET /api/images/{id}</c>: the bytes from disk (sendfile), with a strong ETag from the content hash.</summary>
public static class ImageDownload
{
    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, ClaimsPrincipal principal, ImageStore store, ImageFiles files, IOptions<ImagesOptions> options,
        CancellationToken cancellationToken)
    {
        if (!ImageFiles.IsValidId(id) || await store.FindAsync(id, cancellationToken) is not { } image
            || !(image.Avatar || image.OwnerId == ImagesApi.OwnerOf(principal)))
        {
            return ImagesApi.NotFound();
        }

        var path = files.PathOf(id);
        if (!File.Exists(path))
        {
            // Metadata is only written after the bytes, so this is a file removed behind the service's back.
            return ImagesApi.NotFound();
        }

        var headers = context.Response.Headers;
        // Avatars may sit in shared caches briefly; other images only in the owner's browser. Bytes under one id never change.
        headers.CacheControl = image.Avatar ? $"public, max-age={options.Value.AvatarMaxAgeSeconds}" : "private, max-age=3600";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'";
        return TypedResults.PhysicalFile(path, image.ContentType, lastModified: image.Created,
            entityTag: new EntityTagHeaderValue($"\"{image.Sha256}\""), enableRangeProcessing: true);
    }
}
