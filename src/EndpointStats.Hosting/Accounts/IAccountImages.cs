namespace EndpointStats.Hosting.Accounts;

/// <summary>
/// What the identity role needs from the images role: choosing an avatar (the one image anyone may read) and removing an
/// account's images. In one process it is a call into the images module; apart, an HTTP call with the user's token.
/// </summary>
public interface IAccountImages
{
    /// <summary>Makes <paramref name="imageId"/> (an image the user owns) the user's avatar, or clears it when null.</summary>
    Task<AvatarChange> SetAvatarAsync(string userId, string? imageId, CancellationToken cancellationToken);

    /// <summary>Deletes every image of the user, bytes and metadata; returns how many there were.</summary>
    Task<int> DeleteAllAsync(string userId, CancellationToken cancellationToken);
}

public enum AvatarChange
{
    Changed,

    /// <summary>No such image, or it belongs to someone else (the two are not told apart).</summary>
    NotFound,
}
