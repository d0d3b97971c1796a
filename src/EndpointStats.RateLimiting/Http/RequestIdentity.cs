using System.Net;
using System.Security.Cryptography;
using System.Text;
using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Rules;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.RateLimiting.Http;

/// <summary>
/// Who and what a request is, for keys and exemptions. Keys carry their kind (<c>ip:</c>, <c>user:</c>...) and a fallback to the
/// IP carries the kind it stands in for, so the keys of two limits of one rule are equal exactly when their kinds are.
/// </summary>
public readonly record struct RequestIdentity(IPAddress? Ip, string? User, string? ApiKey, string Route, IHeaderDictionary? Headers)
{
    private const int MaxKeyLength = 200;

    public string IpText => Ip?.ToString() ?? "unknown";

    public LimitCheck[] Checks(Rule rule)
    {
        var checks = new LimitCheck[rule.Limits.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            var limit = rule.Limits[i];
            checks[i] = new LimitCheck(limit.Limit, Key(limit));
        }

        return checks;
    }

    public bool IsExempt(ClientSet clients) => clients.Contains(Ip, User, ApiKey);

    private string Key(RuleLimit limit) => limit.Kind switch
    {
        KeyKind.Ip => "ip:" + IpText,
        KeyKind.User => User is null ? "user-ip:" + IpText : "user:" + Bounded(User),
        KeyKind.ApiKey => ApiKey is null ? "key-ip:" + IpText : "key:" + Bounded(ApiKey),
        KeyKind.Header => Headers?[limit.HeaderName!].ToString() is { Length: > 0 } value
            ? $"h:{limit.HeaderName}:{Bounded(value)}"
            : $"h-ip:{limit.HeaderName}:{IpText}",
        KeyKind.Route => "route:" + Bounded(Route),
        _ => "global",
    };

    /// <summary>Long client-supplied values are hashed so that keys stay short.</summary>
    private static string Bounded(string value) =>
        value.Length <= MaxKeyLength ? value : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
