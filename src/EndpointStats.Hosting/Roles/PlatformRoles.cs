namespace EndpointStats.Hosting.Roles;

/// <summary>The catalogue of roles one <c>endpoint-stats</c> binary can run.</summary>
public static class PlatformRoles
{
    public const string All = "all";

    public static readonly PlatformRole Gateway = new()
    {
        Name = "gateway", Prefixes = [], ServiceKey = "Gateway", UsesRedis = true,
    };

    public static readonly PlatformRole RateLimiter = new()
    {
        Name = "ratelimiter", Prefixes = ["/api/ratelimit"], ServiceKey = "RateLimiter", UsesRedis = true,
    };

    public static readonly PlatformRole Analytics = new()
    {
        Name = "analytics", Prefixes = ["/api/analytics"], ServiceKey = "Analytics", UsesDatabase = true,
    };

    public static readonly PlatformRole Identity = new()
    {
        Name = "identity", Prefixes = ["/api/auth", "/api/users"], ServiceKey = "Identity", UsesDatabase = true, UsesRedis = true,
    };

    public static readonly PlatformRole Images = new()
    {
        Name = "images", Prefixes = ["/api/images"], ServiceKey = "Images", UsesDatabase = true,
    };

    public static readonly PlatformRole Cluster = new()
    {
        Name = "cluster", Prefixes = ["/api/cluster"], ServiceKey = "Cluster", UsesDatabase = true,
    };

    public static IReadOnlyList<PlatformRole> Every { get; } = [Gateway, RateLimiter, Analytics, Identity, Images, Cluster];

    public static string ValidNames => string.Join(", ", Every.Select(r => r.Name).Prepend(All));

    /// <summary>Parses <c>all</c> or a comma-separated list of role names.</summary>
    public static bool TryParse(string? value, out RoleSet roles, out string? error)
    {
        roles = RoleSet.Empty;
        error = null;
        var names = (value ?? All).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            error = $"No role given. Valid roles: {ValidNames}.";
            return false;
        }

        var selected = new List<PlatformRole>();
        foreach (var name in names)
        {
            if (string.Equals(name, All, StringComparison.OrdinalIgnoreCase))
            {
                selected.AddRange(Every);
                continue;
            }

            var role = Every.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (role is null)
            {
                error = $"Unknown role '{name}'. Valid roles: {ValidNames}.";
                return false;
            }

            selected.Add(role);
        }

        roles = new RoleSet(selected.Distinct().ToArray());
        return true;
    }
}
