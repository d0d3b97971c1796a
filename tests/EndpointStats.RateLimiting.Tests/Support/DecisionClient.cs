using System.Globalization;
using EndpointStats.RateLimiting.Engine;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Tests.Support;

/// <summary>What tests read of the rate limiter's own Redis connection and of its decisions.</summary>
internal static class DecisionClient
{
    /// <summary>The name the decision connection gives itself (<c>CLIENT SETNAME</c>).</summary>
    public const string Name = "endpointstats-decisions";

    /// <summary>Its CLIENT LIST fields (id, user, db, its last command as cmd, ...), or null when it has no connection.</summary>
    public static async Task<Dictionary<string, string>?> FieldsAsync(IConnectionMultiplexer redis)
    {
        var list = (string)(await redis.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;
        var entry = list.Split('\n').SingleOrDefault(l => l.Contains($" name={Name} ", StringComparison.Ordinal));
        return entry?.Trim().Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
    }

    /// <summary>EVALSHA calls Redis has run so far, from any connection (INFO commandstats).</summary>
    public static async Task<long> EvalshaCallsAsync(IServer server)
    {
        var info = await server.InfoAsync("commandstats");
        var line = info.SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_evalsha").Value ?? "calls=0,";
        return long.Parse(line.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>A decision's figures, its times rounded up to whole minutes (so that they do not depend on the milliseconds between decisions).</summary>
    public static string Figures(RateLimitDecision d) => string.Create(
        CultureInfo.InvariantCulture,
        $"{d.Outcome} {d.Limit!.Name} remaining {d.Remaining} reset {Math.Ceiling(d.ResetAfter.TotalMinutes)} retry {Math.Ceiling(d.RetryAfter.TotalMinutes)}");
}
