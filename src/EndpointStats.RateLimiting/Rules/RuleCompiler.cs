using System.Text.RegularExpressions;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>Merges rule sources and compiles them, collecting every problem with the place it was found.</summary>
public static partial class RuleCompiler
{
    public const int MaxLimitsPerRule = 8;

    /// <summary>Later documents win: rules merge by name, <c>Enabled: false</c> removes one, unlimited lists add up.</summary>
    public static RulesDocument Merge(params RulesDocument?[] documents)
    {
        var rules = new List<RuleConfig>();
        RuleConfig? fallback = null;
        var unlimited = new List<string>();
        bool? shadow = null;
        foreach (var document in documents.OfType<RulesDocument>())
        {
            foreach (var rule in document.Rules ?? [])
            {
                // A later source replaces a rule of the same name, or one matching the same requests (a file rule for "/"
                // replaces the built-in "root").
                rules.RemoveAll(r => string.Equals(r.Name, rule.Name, StringComparison.OrdinalIgnoreCase) || SameMatch(r, rule));
                if (rule.Enabled != false)
                {
                    rules.Add(rule);
                }
            }

            fallback = document.Default ?? fallback;
            unlimited.AddRange(document.Unlimited ?? []);
            shadow = document.ShadowMode ?? shadow;
        }

        return new RulesDocument { Rules = rules, Default = fallback, Unlimited = unlimited, ShadowMode = shadow };
    }

    private static bool SameMatch(RuleConfig a, RuleConfig b) =>
        string.Equals(a.Route, b.Route, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.PathPrefix, b.PathPrefix, StringComparison.OrdinalIgnoreCase)
        && (a.Methods ?? []).Select(m => m.ToUpperInvariant()).Order().SequenceEqual((b.Methods ?? []).Select(m => m.ToUpperInvariant()).Order());

    public static RuleSet? Compile(RulesDocument document, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var rules = new List<Rule>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configs = document.Rules ?? [];
        for (var i = 0; i < configs.Count; i++)
        {
            var where = $"Rules[{i}]{(configs[i].Name is { } n ? $" '{n}'" : "")}";
            if (CompileRule(configs[i], where, isDefault: false, problems) is { } rule)
            {
                if (!names.Add(rule.Name))
                {
                    problems.Add($"{where}: the name '{rule.Name}' is used by another rule.");
                }

                rules.Add(rule);
            }
        }

        var fallbackConfig = document.Default ?? new RuleConfig();
        var fallback = CompileRule(fallbackConfig with { Name = fallbackConfig.Name ?? "default" }, "Default", isDefault: true, problems);
        var unlimited = ClientSet.Parse(document.Unlimited ?? [], out var invalid);
        problems.AddRange(invalid.Select(e => $"Unlimited: '{e}' is not an IP, a CIDR range, 'user:ID' or 'key:API-KEY'."));
        errors = problems;
        if (problems.Count > 0 || fallback is null)
        {
            return null;
        }

        return new RuleSet
        {
            Rules = [.. rules.OrderByDescending(Specificity).ThenBy(r => r.Name, StringComparer.Ordinal)],
            Default = fallback,
            Unlimited = unlimited,
            ShadowMode = document.ShadowMode ?? false,
            Document = document,
        };
    }

    /// <summary>Literal paths before templates before prefixes (longest first); rules naming methods before those that do not.</summary>
    private static long Specificity(Rule rule) =>
        (rule.Path switch
        {
            { IsPrefix: true } p => 1_000 + p.Text.Length,
            { IsTemplate: true } => 100_000,
            _ => 200_000,
        } * 2) + (rule.Methods.Length > 0 ? 1 : 0);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z]{1,16}$")]
    private static partial Regex MethodPattern();
}
