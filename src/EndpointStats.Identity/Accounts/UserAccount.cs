namespace EndpointStats.Identity.Accounts;

/// <summary>One row of <c>identity_users</c>.</summary>
public sealed record UserAccount
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public required string Email { get; init; }

    public required string PasswordHash { get; init; }

    public required string Role { get; init; }

    public string? DisplayName { get; init; }

    public string? Bio { get; init; }

    public string? AvatarImageId { get; init; }

    public required DateTime CreatedAt { get; init; }
}
