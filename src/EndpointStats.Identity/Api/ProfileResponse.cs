using System.Text.Json.Serialization;
using EndpointStats.Identity.Accounts;

namespace EndpointStats.Identity.Api;

public sealed record ProfileResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("bio")] string? Bio,
    [property: JsonPropertyName("avatar_image_id")] string? AvatarImageId,
    [property: JsonPropertyName("created")] DateTime Created)
{
    public static ProfileResponse From(UserAccount user) =>
        new(user.Id, user.Username, user.Email, user.Role, user.DisplayName, user.Bio, user.AvatarImageId, user.CreatedAt);
}

/// <summary>Registration signs the new account in at once: its profile and a first pair of tokens.</summary>
public sealed record RegisteredResponse(
    [property: JsonPropertyName("user")] ProfileResponse User,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken);
