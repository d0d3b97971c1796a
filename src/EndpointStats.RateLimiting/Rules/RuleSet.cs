namespace EndpointStats.RateLimiting.Rules;

/// <summary>The rules in force: immutable, swapped as a whole on reload. The most specific matching rule wins.</summary>
public sealed class RuleSet
{
    public required IReadOnlyList<Rule> Rules { get; init; }

    public required Rule Default { get; init; }

    public required ClientSet Unlimited { get; init; }

    public required bool ShadowMode { get; init; }

    /// <summary>The merged document these rules were compiled from.</summary>
    public required RulesDocument Document { get; init; }

    public Rule Match(string method, string path, string? routeTemplate)
    {
        // Indexed, not foreach: an interface's enumerator is an allocation per request.
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Matches(method, path, routeTemplate))
            {
                return Rules[i];
            }
        }

        return Default;
    }
}
