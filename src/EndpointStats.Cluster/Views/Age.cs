namespace EndpointStats.Cluster.Views;

/// <summary>Ages as the seed dashboard prints them: <c>45s</c>, <c>12m</c>, <c>2h</c>, <c>1d 2h</c>.</summary>
public static class Age
{
    public static string Format(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is null)
        {
            return "unknown";
        }

        var age = now - since.Value;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero; // clock skew between the API server and this node
        }

        return age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h"
            : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h"
            : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m"
            : $"{(int)age.TotalSeconds}s";
    }
}
