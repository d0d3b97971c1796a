using System.Security.Cryptography;
using EndpointStats.Images.Formats;
using EndpointStats.Images.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EndpointStats.Images.Upload;

/// <summary>
/// Streams the multipart field <c>file</c> into a temp file while hashing it. Stops reading as soon as the answer is
/// known: a body declared too large, a first chunk that is no accepted image, or a byte past <c>Images:MaxBytes</c>.
/// </summary>
public sealed class UploadReader(ImageFiles files, IOptions<ImagesOptions> options)
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public const string FieldName = "file";

    public async Task<(ReceivedImage? Image, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, Problems.UnsupportedUpload("Upload the image as multipart/form-data with one file in the field 'file'."));
        }

        if (request.ContentLength > max + MultipartOverhead)
        {
            return (null, Problems.TooLarge(request.HttpContext, max));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + MultipartOverhead;
        }

        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Value == FieldName)
                {
                    return await ReceiveAsync(request.HttpContext, section.Body, max, cancellationToken);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body", detail: ex.Message));
        }

        return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No file",
            detail: "The multipart body has no file in the field 'file'.", extensions: new Dictionary<string, object?> { ["field"] = FieldName }));
    }

    private async Task<(ReceivedImage?, ProblemHttpResult?)> ReceiveAsync(HttpContext context, Stream body, long max, CancellationToken cancellationToken)
    {
        var stream = files.CreateTemp(out var tempPath);
        var keep = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            var head = 0;
            ImageFormat? format = null;
            long size = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(head), cancellationToken)) > 0 || head > 0)
            {
                var available = head + read;
                if (format is null)
                {
                    // Judge the format on its first bytes, before writing (or reading) anything more.
                    if (read > 0 && available < MagicBytes.Needed)
                    {
                        head = available;
                        continue;
                    }

                    format = MagicBytes.Detect(buffer.AsSpan(0, available));
                    if (format is null)
                    {
                        return (null, Problems.NotAnImage());
                    }
                }

                size += available;
                if (size > max)
                {
                    return (null, Problems.TooLarge(context, max));
                }

                hash.AppendData(buffer, 0, available);
                await stream.WriteAsync(buffer.AsMemory(0, available), cancellationToken);
                head = 0;
            }

            if (format is not { } known)
            {
                return (null, Problems.NotAnImage());
            }

            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            if (ImageHeader.ReadSize(known, stream) is not var (width, height))
            {
                return (null, Problems.Damaged(known));
            }

            keep = true;
            return (new ReceivedImage(tempPath, known, size, Convert.ToHexStringLower(hash.GetHashAndReset()), width, height), null);
        }
        finally
        {
            await stream.DisposeAsync();
            if (!keep)
            {
                ImageFiles.DeleteTemp(tempPath);
            }
        }
    }
}
