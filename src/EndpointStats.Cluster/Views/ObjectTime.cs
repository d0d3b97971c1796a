namespace EndpointStats.Cluster.Views;

/// <summary>The client deserialises API timestamps as <see cref="DateTime"/> values that are UTC; this makes that explicit.</summary>
internal static class ObjectTime
{
    public static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, v.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUniversalTime() : null;
}
