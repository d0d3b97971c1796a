using System.Runtime.CompilerServices;

namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// Limits scaled down for the in-memory fallback: while Redis is unreachable every replica decides alone, so each gets
/// <c>1 / ExpectedReplicas</c> of the limit and the fleet as a whole stays near the configured figure.
/// </summary>
internal sealed class DividedLimits(int replicas)
{
    private readonly ConditionalWeakTable<RateLimit, RateLimit> _divided = new();

    public int Replicas => replicas;

    public LimitCheck[] Divide(IReadOnlyList<LimitCheck> checks)
    {
        var result = new LimitCheck[checks.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = checks[i] with { Limit = Divide(checks[i].Limit) };
        }

        return result;
    }

    public RateLimit Divide(RateLimit limit) => replicas <= 1
        ? limit
        : _divided.GetValue(limit, l => new RateLimit(
            l.Name,
            Math.Max(1, l.Permitted / replicas),
            l.Period,
            Math.Max(1, l.Burst / replicas)));
}
