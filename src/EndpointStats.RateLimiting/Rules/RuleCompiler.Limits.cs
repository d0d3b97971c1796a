using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Rules;

public static partial class RuleCompiler
{
    private static RuleLimit[] CompileLimits(RuleConfig config, string where, List<string> problems)
    {
        var configs = config.Limits ?? [];
        if (configs.Count is 0 or > MaxLimitsPerRule)
        {
            problems.Add($"{where}: Limits needs 1 to {MaxLimitsPerRule} entries.");
            return [];
        }

        var result = new List<RuleLimit>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < configs.Count; i++)
        {
            var limit = configs[i];
            var at = $"{where} Limits[{i}]";
            if (!TryParseKey(limit.Key, out var kind, out var header))
            {
                problems.Add($"{at}: Key '{limit.Key}' is not ip, user, api-key, header:NAME, route or global.");
                continue;
            }

            var name = limit.Name ?? (kind == KeyKind.Header ? $"header-{header}" : KeyText(kind));
            if (!NamePattern().IsMatch(name) || !names.Add(name))
            {
                problems.Add($"{at}: Name '{name}' must be unique in the rule: 1-64 letters, digits or '_.-'.");
                continue;
            }

            if (!Periods.TryParse(limit.Period, out var period) || period < RateLimit.MinPeriod || period > RateLimit.MaxPeriod)
            {
                problems.Add($"{at}: Period '{limit.Period}' is not a duration like 30s, 1m, 1h or 7d between 1 second and 30 days.");
                continue;
            }

            if (limit.Permitted < 1 || limit.Permitted > period.TotalSeconds * 10_000_000 || limit.Burst < 0 || limit.Burst > 1_000_000_000)
            {
                problems.Add($"{at}: Permitted must be at least 1 and Burst 0 or more (Permitted {limit.Permitted}, Burst {limit.Burst}).");
                continue;
            }

            // One limit per rule keeps the rule's name as its policy name ("default";q=120;w=60); several are "rule.limit".
            var counter = configs.Count == 1 ? config.Name! : $"{config.Name}.{name}";
            result.Add(new RuleLimit(new RateLimit(counter, limit.Permitted, period, limit.Burst), kind, header, limit.Key ?? "ip"));
        }

        return [.. result];
    }

    private static bool TryParseKey(string? key, out KeyKind kind, out string? header)
    {
        header = null;
        var text = key?.Trim() ?? "ip";
        if (text.StartsWith("header:", StringComparison.OrdinalIgnoreCase) && text.Length > 7)
        {
            kind = KeyKind.Header;
            header = text[7..].Trim();
            return header.Length > 0 && header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        }

        kind = text.ToLowerInvariant() switch
        {
            "ip" => KeyKind.Ip,
            "user" => KeyKind.User,
            "api-key" or "apikey" => KeyKind.ApiKey,
            "route" => KeyKind.Route,
            "global" => KeyKind.Global,
            _ => (KeyKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    private static string KeyText(KeyKind kind) => kind switch
    {
        KeyKind.ApiKey => "api-key",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
