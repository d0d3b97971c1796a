using System.Text.Json.Serialization;

namespace EndpointStats.Identity.Api;

/// <summary>The editable profile; PUT replaces it, so an omitted field is cleared.</summary>
public sealed record ProfileUpdate(
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("bio")] string? Bio,
    [property: JsonPropertyName("avatar_image_id")] string? AvatarImageId);

public sealed record PasswordChange(
    [property: JsonPropertyName("current_password")] string? CurrentPassword,
    [property: JsonPropertyName("new_password")] string? NewPassword);

public sealed record RoleUpdate([property: JsonPropertyName("role")] string? Role);
