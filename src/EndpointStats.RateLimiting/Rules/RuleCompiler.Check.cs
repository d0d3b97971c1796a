namespace EndpointStats.RateLimiting.Rules;

public static partial class RuleCompiler
{
    /// <summary>
    /// Checks one source on its own, so that problems point into that source (<c>rules.json: Rules[0] 'x'</c>), not into the
    /// merged list. Rules with <c>Enabled: false</c> only remove others and need nothing else.
    /// </summary>
    public static IReadOnlyList<string> Check(RulesDocument? document, string source)
    {
        var problems = new List<string>();
        if (document is null)
        {
            return problems;
        }

        var rules = document.Rules ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var where = $"{source}: Rules[{i}]{(rules[i].Name is { } n ? $" '{n}'" : "")}";
            if (rules[i].Name is { } name && !names.Add(name))
            {
                problems.Add($"{where}: the name '{name}' is used by another rule.");
            }

            if (rules[i].Enabled != false)
            {
                CompileRule(rules[i], where, isDefault: false, problems);
            }
        }

        if (document.Default is { } fallback)
        {
            CompileRule(fallback with { Name = fallback.Name ?? "default" }, $"{source}: Default", isDefault: true, problems);
        }

        ClientSet.Parse(document.Unlimited ?? [], out var invalid);
        problems.AddRange(invalid.Select(e => $"{source}: Unlimited '{e}' is not an IP, a CIDR range, 'user:ID' or 'key:API-KEY'."));
        return problems;
    }
}
