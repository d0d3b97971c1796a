namespace EndpointStats.Hosting.Health;

public static class HealthTags
{
    /// <summary>Checks of this role's dependencies: they decide readiness, never liveness.</summary>
    public const string Ready = "ready";

    /// <summary>The dependency state shown in <c>/health</c>: <c>up</c>, <c>down</c> or <c>not configured</c>.</summary>
    public const string StateKey = "state";

    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not configured";
}
