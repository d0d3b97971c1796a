namespace EndpointStats.RateLimiting.Rules;

/// <summary>What a limit counts by.</summary>
public enum KeyKind
{
    /// <summary>Client IP (<c>X-Forwarded-For</c> only from trusted proxies).</summary>
    Ip,

    /// <summary>Authenticated user id (JWT <c>sub</c>); anonymous requests fall back to their IP, as Kong does.</summary>
    User,

    /// <summary>The API-key header (<c>RateLimiting:ApiKeyHeader</c>); requests without one fall back to their IP.</summary>
    ApiKey,

    /// <summary>Any request header's value; requests without it fall back to their IP.</summary>
    Header,

    /// <summary>One counter per route template, shared by every client.</summary>
    Route,

    /// <summary>One counter for the whole rule.</summary>
    Global,
}
