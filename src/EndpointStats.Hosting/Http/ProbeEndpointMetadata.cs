using Microsoft.AspNetCore.Http;

namespace EndpointStats.Hosting.Http;

/// <summary>
/// Marks probe and scrape endpoints (<c>/healthz/*</c>, <c>/health</c>, <c>/ready</c>, <c>/metrics</c>): the gateway never
/// rate-limits or records them.
/// </summary>
public sealed class ProbeEndpointMetadata
{
    public static ProbeEndpointMetadata Instance { get; } = new();

    private ProbeEndpointMetadata()
    {
    }

    public static bool IsProbe(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ProbeEndpointMetadata>() is not null;
}
