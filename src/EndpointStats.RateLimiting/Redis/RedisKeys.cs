using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>
/// Key layout <c>{prefix}:{{tag}}:{limit}:{key}</c>. The hash tag is the checks' key when they all share one (the usual case:
/// several limits per client), which spreads clients over a Redis Cluster; otherwise it is the limit names, so the keys of one
/// decision always share a slot. A counter always appears with the same sibling limits, so its tag never changes.
/// </summary>
internal static class RedisKeys
{
    public static RedisKey[] For(string prefix, IReadOnlyList<LimitCheck> checks)
    {
        var tag = Tag(checks);
        var keys = new RedisKey[checks.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = $"{prefix}:{{{tag}}}:{checks[i].Limit.Name}:{checks[i].Key}";
        }

        return keys;
    }

    internal static string Tag(IReadOnlyList<LimitCheck> checks)
    {
        var first = checks[0].Key;
        for (var i = 1; i < checks.Count; i++)
        {
            if (!string.Equals(checks[i].Key, first, StringComparison.Ordinal))
            {
                return string.Join('+', checks.Select(c => c.Limit.Name));
            }
        }

        return first;
    }
}
