using Microsoft.AspNetCore.Routing.Template;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>
/// Matches a route template (<c>/api/images/{id}</c>), a literal path (<c>/stats</c>) or a path prefix on segment boundaries.
/// Literal and prefix matches allocate nothing; templates first compare with the endpoint's template, then match the path.
/// </summary>
public sealed class PathMatcher
{
    private readonly TemplateMatcher? _template;

    private PathMatcher(string text, bool prefix, TemplateMatcher? template)
    {
        Text = text;
        IsPrefix = prefix;
        _template = template;
    }

    public string Text { get; }

    public bool IsPrefix { get; }

    public bool IsTemplate => _template is not null;

    public static PathMatcher Route(string route) =>
        route.Contains('{', StringComparison.Ordinal)
            ? new PathMatcher(route, false, new TemplateMatcher(TemplateParser.Parse(route.TrimStart('/')), []))
            : new PathMatcher(Trim(route), false, null);

    public static PathMatcher Prefix(string prefix) => new(prefix, true, null);

    public bool Matches(string path, string? routeTemplate)
    {
        if (IsPrefix)
        {
            return path.StartsWith(Text, StringComparison.OrdinalIgnoreCase)
                && (Text.EndsWith('/') || path.Length == Text.Length || path[Text.Length] == '/');
        }

        if (_template is null)
        {
            return string.Equals(Trim(path), Text, StringComparison.OrdinalIgnoreCase);
        }

        if (routeTemplate is not null && string.Equals(routeTemplate.TrimStart('/'), Text.TrimStart('/'), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return _template.TryMatch(path, []);
    }

    private static string Trim(string path) => path.Length > 1 && path.EndsWith('/') ? path.TrimEnd('/') : path;
}
