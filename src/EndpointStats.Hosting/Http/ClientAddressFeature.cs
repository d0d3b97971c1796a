using System.Net;

namespace EndpointStats.Hosting.Http;

/// <summary>
/// The client's address once resolved through the trusted proxies (by the gateway's rate-limiting slot), so that later
/// consumers such as request recording use the same answer without resolving it again.
/// </summary>
public sealed class ClientAddressFeature(IPAddress? address)
{
    public IPAddress? Address { get; } = address;

    /// <summary>The resolved address when a slot published one, else the connection's peer.</summary>
    public static IPAddress? Get(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Features.Get<ClientAddressFeature>() is { } feature ? feature.Address : context.Connection.RemoteIpAddress;
}
