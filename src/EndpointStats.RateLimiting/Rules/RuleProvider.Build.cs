using Microsoft.Extensions.Configuration;

namespace EndpointStats.RateLimiting.Rules;

public sealed partial class RuleProvider
{
    private RuleSet? Build(string? fileText, out IReadOnlyList<string> errors)
    {
        RulesDocument? section;
        try
        {
            section = _section.Get<RulesDocument>();
        }
        catch (InvalidOperationException ex)
        {
            errors = [$"RateLimiting section: {ex.Message}"];
            return null;
        }

        RulesDocument? file = null;
        if (fileText is not null)
        {
            file = RulesFile.TryParse(fileText, out var parseError);
            if (file is null)
            {
                errors = [$"{_options.RulesFile}: {parseError}"];
                return null;
            }
        }

        var problems = RuleCompiler.Check(section, "RateLimiting section").Concat(RuleCompiler.Check(file, _options.RulesFile ?? "")).ToList();
        if (problems.Count > 0)
        {
            errors = problems;
            return null;
        }

        return RuleCompiler.Compile(RuleCompiler.Merge(BuiltInRules.Document, section, file), out errors);
    }
}
