namespace EndpointStats.Identity.Tokens;

/// <summary>What presenting a refresh token led to.</summary>
public sealed record RefreshOutcome(RefreshStatus Status, string? UserId, string? FamilyId, string? NextToken)
{
    public static RefreshOutcome Invalid { get; } = new(RefreshStatus.Invalid, null, null, null);

    public static RefreshOutcome Reused(string userId, string familyId) => new(RefreshStatus.Reused, userId, familyId, null);

    public static RefreshOutcome Rotated(string userId, string familyId, string next) => new(RefreshStatus.Rotated, userId, familyId, next);
}

public enum RefreshStatus
{
    Rotated,

    /// <summary>Unknown, expired or revoked.</summary>
    Invalid,

    /// <summary>Already rotated once: the family has been revoked.</summary>
    Reused,
}
