namespace EndpointStats.Cluster.Views;

/// <summary>API timestamps are RFC 3339 with an offset (normally <c>Z</c>); views keep them in UTC.</summary>
internal static class ObjectTime
{
    public static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();
}
