using EndpointStats.Images.Formats;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EndpointStats.Images.Upload;

/// <summary>The upload refusals, as problem details.</summary>
internal static class Problems
{
    public const string Accepted = "PNG, JPEG, GIF and WebP";

    public static ProblemHttpResult UnsupportedUpload(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported upload", detail: detail);

    public static ProblemHttpResult NotAnImage() =>
        UnsupportedUpload($"The file is not an image this service accepts ({Accepted}); the type is read from the file's content, not its name.");

    public static ProblemHttpResult Damaged(ImageFormat format) =>
        UnsupportedUpload($"The file starts like a {format.ToString().ToUpperInvariant()} image but its header is truncated or damaged.");

    /// <summary>413, closing the connection so the rest of the body is never read.</summary>
    public static ProblemHttpResult TooLarge(HttpContext context, long max)
    {
        context.Response.Headers[HeaderNames.Connection] = "close";
        return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Image too large",
            detail: $"An image may have at most {max} bytes (Images:MaxBytes).");
    }
}
