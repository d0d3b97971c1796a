namespace EndpointStats.Analytics.Model;

/// <summary>One stored hourly rollup, decoded.</summary>
public sealed record RollupRow(RollupKey Key, RollupAggregate Aggregate);
