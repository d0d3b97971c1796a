using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Rules;

public static partial class RuleCompiler
{
    private static Rule? CompileRule(RuleConfig config, string where, bool isDefault, List<string> problems)
    {
        var before = problems.Count;
        if (config.Name is null || !NamePattern().IsMatch(config.Name))
        {
            problems.Add($"{where}: Name is required: 1-64 letters, digits or '_.-'.");
        }

        var path = CompilePath(config, where, isDefault, problems);
        var methods = (config.Methods ?? []).Select(m => m.Trim().ToUpperInvariant()).ToArray();
        problems.AddRange(methods.Where(m => !MethodPattern().IsMatch(m)).Select(m => $"{where}: '{m}' is not an HTTP method."));
        var failureMode = config.FailureMode?.Trim().ToLowerInvariant() switch
        {
            null or "open" or "fail-open" => FailureMode.Open,
            "closed" or "fail-closed" => FailureMode.Closed,
            _ => (FailureMode?)null,
        };
        if (failureMode is null)
        {
            problems.Add($"{where}: FailureMode '{config.FailureMode}' is not 'open' or 'closed'.");
        }

        if (config.Cost is < 0 or > 1_000_000)
        {
            problems.Add($"{where}: Cost {config.Cost} is not between 0 and 1000000.");
        }

        var unlimited = ClientSet.Parse(config.Unlimited ?? [], out var invalid);
        problems.AddRange(invalid.Select(e => $"{where}: Unlimited '{e}' is not an IP, a CIDR range, 'user:ID' or 'key:API-KEY'."));
        var limits = CompileLimits(config, where, problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new Rule
        {
            Name = config.Name!,
            Path = path,
            Methods = methods,
            Limits = limits,
            FailureMode = failureMode!.Value,
            Shadow = config.Shadow ?? false,
            Cost = config.Cost ?? 1,
            Unlimited = unlimited,
            PolicyHeader = string.Join(", ", limits.Select(l => $"\"{l.Limit.Name}\";q={l.Limit.Permitted};w={(long)l.Limit.Period.TotalSeconds}")),
            Source = config,
        };
    }

    private static PathMatcher? CompilePath(RuleConfig config, string where, bool isDefault, List<string> problems)
    {
        if (isDefault)
        {
            if (config.Route is not null || config.PathPrefix is not null)
            {
                problems.Add($"{where}: the default rule matches every request; it takes no Route or PathPrefix.");
            }

            return null;
        }

        if ((config.Route is null) == (config.PathPrefix is null))
        {
            problems.Add($"{where}: give exactly one of Route or PathPrefix.");
            return null;
        }

        var text = config.Route ?? config.PathPrefix!;
        if (!text.StartsWith('/'))
        {
            problems.Add($"{where}: '{text}' must start with '/'.");
            return null;
        }

        try
        {
            return config.Route is not null ? PathMatcher.Route(text) : PathMatcher.Prefix(text);
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{where}: Route '{text}' is not a valid route template ({ex.Message}).");
            return null;
        }
    }
}
