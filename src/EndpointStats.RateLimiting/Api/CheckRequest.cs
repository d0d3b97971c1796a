using System.Net;
using EndpointStats.RateLimiting.Http;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.RateLimiting.Api;

/// <summary>
/// The check's input: from the query (<c>endpoint</c>, <c>client_ip</c>, <c>method</c>, <c>cost</c>) or, as ingress-nginx's
/// <c>auth-url</c> sends it, from <c>X-Original-URI</c>, <c>X-Original-Method</c>, <c>X-Real-IP</c> and <c>X-Forwarded-For</c>.
/// </summary>
internal sealed record CheckRequest(string Method, string Path, RequestIdentity Identity, long? Cost)
{
    public static CheckRequest? Parse(HttpRequest request, string? endpoint, string? clientIp, string? method, long? cost, ClientAddressResolver clients, string apiKeyHeader, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var path = endpoint ?? request.Headers["X-Original-URI"].ToString();
        var query = path.IndexOf('?', StringComparison.Ordinal);
        path = query >= 0 ? path[..query] : path;
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            errors["endpoint"] = ["Give the endpoint (a path starting with '/') in 'endpoint' or the X-Original-URI header."];
        }

        if (cost is < 0 or > 1_000_000)
        {
            errors["cost"] = ["The cost is between 0 and 1000000."];
        }

        IPAddress? ip = null;
        var ipText = clientIp ?? NonEmpty(request.Headers["X-Real-IP"].ToString());
        if (ipText is not null && !IPAddress.TryParse(ipText.Trim(), out ip))
        {
            errors[clientIp is not null ? "client_ip" : "X-Real-IP"] = [$"'{ipText}' is not an IP address."];
        }

        if (errors.Count > 0)
        {
            return null;
        }

        ip ??= clients.ResolveForwarded(request.HttpContext.Connection.RemoteIpAddress, request.Headers["X-Forwarded-For"]);
        var apiKey = NonEmpty(request.Headers[apiKeyHeader].ToString());
        var verb = (method ?? NonEmpty(request.Headers["X-Original-Method"].ToString()) ?? "GET").ToUpperInvariant();
        return new CheckRequest(verb, path, new RequestIdentity(ip, null, apiKey, path, request.Headers), cost);
    }

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}
