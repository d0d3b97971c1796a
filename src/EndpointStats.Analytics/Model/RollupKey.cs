namespace EndpointStats.Analytics.Model;

/// <summary>The grain of the hourly rollup table.</summary>
public readonly record struct RollupKey(string Route, string Method, DateTime Hour) : IComparable<RollupKey>
{
    public static DateTime HourOf(DateTime timestamp) => new(timestamp.Ticks - (timestamp.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    public int CompareTo(RollupKey other)
    {
        var byRoute = string.CompareOrdinal(Route, other.Route);
        if (byRoute != 0)
        {
            return byRoute;
        }

        var byMethod = string.CompareOrdinal(Method, other.Method);
        return byMethod != 0 ? byMethod : Hour.CompareTo(other.Hour);
    }
}
