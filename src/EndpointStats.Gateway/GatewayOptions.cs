using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>How long the welcome response at <c>/</c> is served from cache (<c>from_cache: true</c>); 0 turns the cache off.</summary>
    [Range(0, 3600)]
    public int WelcomeCacheSeconds { get; set; } = 10;
}
