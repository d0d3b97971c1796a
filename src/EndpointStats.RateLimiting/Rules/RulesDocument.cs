namespace EndpointStats.RateLimiting.Rules;

/// <summary>
/// The rules as written: the <c>RateLimiting</c> configuration section and the rules file share this shape. Sources merge by
/// rule name (built-in defaults, then the section, then the file); the compiler checks and compiles the result.
/// </summary>
public sealed record RulesDocument
{
    public List<RuleConfig>? Rules { get; init; }

    /// <summary>The rule for requests no other rule matches.</summary>
    public RuleConfig? Default { get; init; }

    /// <summary>Clients never limited by any rule: IPs or CIDR ranges, <c>user:ID</c>, <c>key:API-KEY</c>.</summary>
    public List<string>? Unlimited { get; init; }

    /// <summary>Globally computes, logs and counts decisions without enforcing them.</summary>
    public bool? ShadowMode { get; init; }
}

public sealed record RuleConfig
{
    public string? Name { get; init; }

    /// <summary>Route template (<c>/api/images/{id}</c>) or literal path (<c>/stats</c>), matched exactly.</summary>
    public string? Route { get; init; }

    /// <summary>Path prefix, matched on segment boundaries (<c>/api</c> matches <c>/api/x</c>, not <c>/apix</c>).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>HTTP methods; empty means every method.</summary>
    public List<string>? Methods { get; init; }

    public List<LimitConfig>? Limits { get; init; }

    /// <summary><c>open</c> (default): decide from memory while Redis is down; <c>closed</c>: answer 503.</summary>
    public string? FailureMode { get; init; }

    /// <summary>Compute, log and count, never enforce.</summary>
    public bool? Shadow { get; init; }

    /// <summary>Weight of one request under this rule (default 1).</summary>
    public long? Cost { get; init; }

    /// <summary>Clients this rule never limits, same forms as the global list.</summary>
    public List<string>? Unlimited { get; init; }

    /// <summary><c>false</c> removes a rule of the same name from an earlier source (for example a built-in default).</summary>
    public bool? Enabled { get; init; }
}

public sealed record LimitConfig
{
    /// <summary>Unique within the rule; defaults to the key kind.</summary>
    public string? Name { get; init; }

    public long Permitted { get; init; }

    /// <summary><c>30s</c>, <c>1m</c>, <c>1h</c>, <c>1d</c> (also <c>hh:mm:ss</c>), between 1 second and 30 days.</summary>
    public string? Period { get; init; }

    /// <summary>Requests allowed at once; 0 or absent means the same as <see cref="Permitted"/>.</summary>
    public long Burst { get; init; }

    /// <summary><c>ip</c> (default), <c>user</c>, <c>api-key</c>, <c>header:NAME</c>, <c>route</c> or <c>global</c>.</summary>
    public string? Key { get; init; }
}
