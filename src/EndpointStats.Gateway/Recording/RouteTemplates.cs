using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The route template an event is grouped by. Endpoints of this process report their own pattern; a catch-all pattern
/// (the split-mode proxy's <c>/api/images/{**rest}</c>) is replaced by the normalised path, capped per service so that
/// a scanner cannot create unbounded series.
/// </summary>
public sealed class RouteTemplates(IOptions<RecordingOptions> options)
{
    public const string Unmatched = "(unmatched)";
    public const string Other = "__other__";
    private readonly int _maxPerService = options.Value.MaxRoutesPerService;
    private readonly ConcurrentDictionary<RoutePatternKey, string> _patterns = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byService = new(StringComparer.Ordinal);

    public string Resolve(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return Unmatched;
        }

        var key = new RoutePatternKey(endpoint);
        var template = _patterns.GetOrAdd(key, static k => Describe(k.Endpoint));
        return template.Length > 0 ? template : Proxied(endpoint, context.Request.Path);
    }

    private string Proxied(RouteEndpoint endpoint, PathString path)
    {
        var service = endpoint.RoutePattern.RawText ?? string.Empty;
        var brace = service.IndexOf('{', StringComparison.Ordinal);
        service = brace >= 0 ? service[..brace] : service;
        var template = PathNormaliser.Normalise(path.Value.AsSpan());
        var known = _byService.GetOrAdd(service, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        if (known.ContainsKey(template))
        {
            return template;
        }

        // Count may overshoot by a few under a race; the cap bounds cardinality, it need not be exact.
        if (known.Count >= _maxPerService)
        {
            return Other;
        }

        known.TryAdd(template, 0);
        return template;
    }

    /// <summary>The pattern text with a leading slash, or empty for a catch-all that needs the path.</summary>
    private static string Describe(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern;
        if (pattern.Parameters.Any(p => p.IsCatchAll))
        {
            return string.Empty;
        }

        var text = pattern.RawText ?? "/";
        return text.StartsWith('/') ? text : "/" + text;
    }

    private readonly record struct RoutePatternKey(RouteEndpoint Endpoint)
    {
        public bool Equals(RoutePatternKey other) => ReferenceEquals(Endpoint, other.Endpoint);

        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Endpoint);
    }
}
