using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EndpointStats.Cluster.Connection;

/// <summary>Namespace names must be DNS labels, as the API server requires; a typo fails start-up instead of a silent empty view.</summary>
internal sealed partial class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var bad = options.Namespaces.Select(n => n.Trim()).Where(n => n.Length > 0 && !DnsLabel().IsMatch(n)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cluster:Namespaces: '{string.Join("', '", bad)}' is not a valid namespace name (a DNS label).");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
