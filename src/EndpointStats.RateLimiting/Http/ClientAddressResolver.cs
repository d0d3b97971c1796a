using System.Net;
using EndpointStats.RateLimiting.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// The client's IP: the connection's peer, or, when the peer is a trusted proxy, the right-most <c>X-Forwarded-For</c> entry
/// that is not itself a trusted proxy (entries further left are client-supplied and could be forged).
/// </summary>
public sealed class ClientAddressResolver
{
    private readonly IPNetwork[] _trusted;

    public ClientAddressResolver(IOptions<RateLimitingOptions> options)
    {
        var trusted = new List<IPNetwork>();
        foreach (var entry in options.Value.TrustedProxies)
        {
            trusted.Add(ClientSet.TryParseNetwork(entry, out var network)
                ? network
                : throw new OptionsValidationException("RateLimiting:TrustedProxies", typeof(RateLimitingOptions), [$"RateLimiting:TrustedProxies: '{entry}' is not an IP or CIDR range."]));
        }

        _trusted = [.. trusted];
    }

    private const string ForwardedFor = "X-Forwarded-For";

    public IPAddress? Resolve(HttpContext context) => Resolve(context.Connection.RemoteIpAddress, context.Request.Headers);

    /// <summary>Reads <c>X-Forwarded-For</c> only when the peer is a trusted proxy (a header lookup saved on every other request).</summary>
    public IPAddress? Resolve(IPAddress? peer, IHeaderDictionary headers)
    {
        if (peer is null)
        {
            return null;
        }

        peer = ClientSet.Normalize(peer);
        return IsTrusted(peer) ? Walk(peer, headers[ForwardedFor]) : peer;
    }

    /// <summary>For callers that are trusted by role (ingress-nginx calling the check service): walks their forwarded chain.</summary>
    public IPAddress? ResolveForwarded(IPAddress? peer, StringValues forwardedFor) =>
        Walk(peer is null ? null : ClientSet.Normalize(peer), forwardedFor);

    private IPAddress? Walk(IPAddress? peer, StringValues forwardedFor)
    {
        if (StringValues.IsNullOrEmpty(forwardedFor))
        {
            return peer;
        }

        for (var v = forwardedFor.Count - 1; v >= 0; v--)
        {
            var span = forwardedFor[v].AsSpan();
            while (span.Length > 0)
            {
                var comma = span.LastIndexOf(',');
                var entry = span[(comma + 1)..].Trim();
                span = comma < 0 ? [] : span[..comma];
                if (!IPAddress.TryParse(entry, out var address))
                {
                    // Garbage in the header: stop at the last address we could trust.
                    return peer;
                }

                peer = ClientSet.Normalize(address);
                if (!IsTrusted(peer))
                {
                    return peer;
                }
            }
        }

        return peer;
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var network in _trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
