namespace EndpointStats.Hosting.Roles;

/// <summary>One role of the platform: what it is called, which path prefixes it owns and what it depends on.</summary>
public sealed record PlatformRole
{
    public required string Name { get; init; }

    /// <summary>Path prefixes the role serves; in split mode the gateway forwards these to the role.</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary>The configuration key under <c>Services</c> holding the role's URL in split mode.</summary>
    public required string ServiceKey { get; init; }

    public bool UsesDatabase { get; init; }

    public bool UsesRedis { get; init; }
}
