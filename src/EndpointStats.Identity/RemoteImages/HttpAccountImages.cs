using System.Net;
using System.Net.Http.Json;
using EndpointStats.Hosting.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EndpointStats.Identity.RemoteImages;

/// <summary>
/// <see cref="IAccountImages"/> when the images role runs in another process (split mode): the same operations through its
/// HTTP API, on behalf of the signed-in user (the caller's bearer token is passed on, so the images role checks it itself).
/// </summary>
public sealed class HttpAccountImages(HttpClient client, IHttpContextAccessor accessor) : IAccountImages
{
    public const string ClientName = "identity-images";

    public async Task<AvatarChange> SetAvatarAsync(string userId, string? imageId, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Put, "/api/images/avatar");
        request.Content = JsonContent.Create(new Dictionary<string, string?> { ["image_id"] = imageId });
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent or HttpStatusCode.OK => AvatarChange.Changed,
            HttpStatusCode.NotFound => AvatarChange.NotFound,
            _ => throw new ImagesUnavailableException($"The images role answered {(int)response.StatusCode} to an avatar change."),
        };
    }

    public async Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Delete, "/api/images");
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ImagesUnavailableException($"The images role answered {(int)response.StatusCode} to deleting the account's images.");
        }

        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, int>>(cancellationToken);
        return body?.GetValueOrDefault("deleted") ?? 0;
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        if (client.BaseAddress is null)
        {
            throw new ImagesUnavailableException("The images role is neither in this process nor configured (Services:Images:Url).");
        }

        var request = new HttpRequestMessage(method, path);
        if (accessor.HttpContext?.Request.Headers[HeaderNames.Authorization].ToString() is { Length: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Authorization, authorization);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ImagesUnavailableException("The images role is not reachable.", ex);
        }
    }
}
