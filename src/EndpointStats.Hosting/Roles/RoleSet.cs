namespace EndpointStats.Hosting.Roles;

/// <summary>The roles this process runs.</summary>
public sealed class RoleSet(IReadOnlyList<PlatformRole> roles)
{
    public static RoleSet Empty { get; } = new([]);

    public IReadOnlyList<PlatformRole> Roles { get; } = roles;

    public bool Contains(PlatformRole role) => Roles.Contains(role);

    public bool NeedsDatabase => Roles.Any(r => r.UsesDatabase);

    public bool NeedsRedis => Roles.Any(r => r.UsesRedis);

    public override string ToString() => string.Join(",", Roles.Select(r => r.Name));
}
