namespace EndpointStats.RateLimiting.Engine;

public enum RateLimitOutcome
{
    Allowed,
    Limited,

    /// <summary>The store was unreachable and the failure mode is <see cref="FailureMode.Closed"/>.</summary>
    Unavailable,
}
