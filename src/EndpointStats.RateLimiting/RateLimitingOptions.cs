using System.ComponentModel.DataAnnotations;
using EndpointStats.RateLimiting.Memory;
using EndpointStats.RateLimiting.Redis;

namespace EndpointStats.RateLimiting;

/// <summary>The <c>RateLimiting</c> configuration section (engine settings; rules are read by the rule provider).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Bound on one Redis decision; past it the decision falls back (fail-open) or is refused (fail-closed).</summary>
    [Range(1, 10_000)]
    public int RedisTimeoutMilliseconds { get; set; } = 25;

    /// <summary>
    /// <c>true</c>: exact Redis decisions go over a connection of their own, read by a thread that spins while calls are in
    /// flight (lower latency, a little more CPU); <c>false</c>, or over TLS or to a Redis Cluster: through the shared client.
    /// </summary>
    public bool RedisDecisionConnection { get; set; } = true;

    /// <summary>Gateway replicas sharing Redis: while Redis is down each decides alone with every limit divided by this.</summary>
    [Range(1, 10_000)]
    public int ExpectedReplicas { get; set; } = 1;

    /// <summary>Consecutive Redis failures that open the circuit breaker.</summary>
    [Range(1, 1000)]
    public int BreakerFailures { get; set; } = 3;

    /// <summary>How long the breaker stays open before one probe call tries Redis again.</summary>
    [Range(0.1, 600)]
    public double BreakerOpenSeconds { get; set; } = 2;

    /// <summary>Prefix of every Redis key, so several installations can share one Redis.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9:_\-\.]{1,64}$", ErrorMessage = "RateLimiting:KeyPrefix is 1-64 letters, digits or ':_-.'.")]
    public string KeyPrefix { get; set; } = "es:rl";

    /// <summary>Also send <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c>.</summary>
    public bool LegacyHeaders { get; set; }

    /// <summary>Path of a JSON rules file (a mounted ConfigMap) read in addition to this section, reloaded on change.</summary>
    public string? RulesFile { get; set; }

    /// <summary>How often the rules file is checked for a change; polling survives ConfigMap symlink swaps.</summary>
    [Range(0.1, 3600)]
    public double RulesFilePollSeconds { get; set; } = 2;

    /// <summary>Request header holding the API key, for limits keyed by <c>api-key</c>.</summary>
    [Required]
    public string ApiKeyHeader { get; set; } = "X-API-Key";

    /// <summary>Proxies (IPs or CIDR ranges) whose <c>X-Forwarded-For</c> is believed.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public MemoryStoreOptions Memory { get; set; } = new();

    public LeaseOptions Leases { get; set; } = new();
}
