using EndpointStats.RateLimiting.Rules;
using Microsoft.Extensions.Options;

namespace EndpointStats.RateLimiting;

/// <summary>Checks the settings data annotations cannot: nested memory settings and the trusted proxy list.</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        if (options.Memory.MaxKeys is < 1_000 or > 100_000_000)
        {
            failures.Add($"RateLimiting:Memory:MaxKeys must be between 1000 and 100000000 (was {options.Memory.MaxKeys}).");
        }

        if (options.Memory.SweepSeconds is < 1 or > 3600)
        {
            failures.Add($"RateLimiting:Memory:SweepSeconds must be between 1 and 3600 (was {options.Memory.SweepSeconds}).");
        }

        if (options.Leases.LifetimeMilliseconds is < 10 or > 10_000)
        {
            failures.Add($"RateLimiting:Leases:LifetimeMilliseconds must be between 10 and 10000 (was {options.Leases.LifetimeMilliseconds}).");
        }

        if (options.Leases.MaxKeys is < 100 or > 10_000_000)
        {
            failures.Add($"RateLimiting:Leases:MaxKeys must be between 100 and 10000000 (was {options.Leases.MaxKeys}).");
        }

        if (options.RulesFile is { } file && string.IsNullOrWhiteSpace(file))
        {
            failures.Add("RateLimiting:RulesFile is set but empty.");
        }

        failures.AddRange(options.TrustedProxies
            .Where(p => !ClientSet.TryParseNetwork(p, out _))
            .Select(p => $"RateLimiting:TrustedProxies: '{p}' is not an IP or CIDR range."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
