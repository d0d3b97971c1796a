namespace EndpointStats.RateLimiting.Engine;

/// <summary>What a decision does while the shared store (Redis) is unreachable.</summary>
public enum FailureMode
{
    /// <summary>Decide from this process's memory, each limit divided by the expected number of replicas.</summary>
    Open,

    /// <summary>Refuse: the decision's outcome is <see cref="RateLimitOutcome.Unavailable"/> (the gateway answers 503).</summary>
    Closed,
}
