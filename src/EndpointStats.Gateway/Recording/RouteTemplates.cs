using System.Collections.Concurrent;
using EndpointStats.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The route template an event is grouped by. Endpoints of this process report their own pattern; a catch-all pattern
/// (the split-mode proxy's <c>/api/images/{**rest}</c>) is replaced by the normalised path, capped per service so that
/// a scanner cannot create unbounded series. Probe endpoints have no template: they are not recorded.
/// </summary>
public sealed class RouteTemplates(IOptions<RecordingOptions> options)
{
    public const string Unmatched = "(unmatched)";
    public const string Other = "__other__";
    private static readonly string Probe = new(['p', 'r', 'o', 'b', 'e']); // a distinct instance, compared by reference
    private readonly int _maxPerService = options.Value.MaxRoutesPerService;
    private readonly ConcurrentDictionary<EndpointKey, string> _patterns = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byService = new(StringComparer.Ordinal);

    /// <summary>The template to record the request under, or null for a probe endpoint, which is not recorded.</summary>
    public string? Resolve(HttpContext context)
    {
        // The indexer, not Get<T>(): a generic interface method costs a slower dispatch on every request.
        if ((context.Features[typeof(IEndpointFeature)] as IEndpointFeature)?.Endpoint is not { } endpoint)
        {
            return Unmatched;
        }

        var template = _patterns.GetOrAdd(new EndpointKey(endpoint), static k => Describe(k.Endpoint));
        return ReferenceEquals(template, Probe) ? null
            : template.Length > 0 ? template
            : Proxied((RouteEndpoint)endpoint, context.Request.Path);
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

    /// <summary>The pattern text with a leading slash, empty for a catch-all that needs the path, <see cref="Probe"/> for a probe.</summary>
    private static string Describe(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<ProbeEndpointMetadata>() is not null)
        {
            return Probe;
        }

        if (endpoint is not RouteEndpoint route)
        {
            return Unmatched;
        }

        var pattern = route.RoutePattern;
        if (pattern.Parameters.Any(p => p.IsCatchAll))
        {
            return string.Empty;
        }

        var text = pattern.RawText ?? "/";
        return text.StartsWith('/') ? text : "/" + text;
    }

    private readonly record struct EndpointKey(Endpoint Endpoint)
    {
        public bool Equals(EndpointKey other) => ReferenceEquals(Endpoint, other.Endpoint);

        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Endpoint);
    }
}
