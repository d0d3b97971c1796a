using System.Runtime.CompilerServices;
using EndpointStats.RateLimiting.Engine;

namespace EndpointStats.RateLimiting.Redis;

/// <summary>Key sets are equal when they hold the same limits (by reference: limits are immutable and shared) on the same keys.</summary>
internal sealed class CheckListComparer : IEqualityComparer<IReadOnlyList<LimitCheck>>
{
    public static CheckListComparer Instance { get; } = new();

    public bool Equals(IReadOnlyList<LimitCheck>? x, IReadOnlyList<LimitCheck>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!ReferenceEquals(x[i].Limit, y[i].Limit) || !string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(IReadOnlyList<LimitCheck> obj)
    {
        var hash = new HashCode();
        for (var i = 0; i < obj.Count; i++)
        {
            hash.Add(RuntimeHelpers.GetHashCode(obj[i].Limit));
            hash.Add(obj[i].Key, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
