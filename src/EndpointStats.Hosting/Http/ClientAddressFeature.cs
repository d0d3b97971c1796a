using System.Net;

namespace EndpointStats.Hosting.Http;

/// <summary>
/// The client's address once resolved through the trusted proxies (by the gateway's rate-limiting slot), so that later
/// consumers such as request recording use the same answer without resolving it again.
/// </summary>
public sealed class ClientAddressFeature(IPAddress? address)
{
    public IPAddress? Address { get; } = address;

    /// <summary>
    /// The resolved address when a slot published one, else the connection's peer. Read through the feature collection's
    /// indexer: the generic accessor costs a slower dispatch, and request recording calls this on every request.
    /// </summary>
    public static IPAddress? Get(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Features[typeof(ClientAddressFeature)] is ClientAddressFeature feature ? feature.Address : context.Connection.RemoteIpAddress;
}
