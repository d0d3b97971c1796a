namespace EndpointStats.Analytics.Tests;

/// <summary>
/// Tests that read exact values from <c>/metrics</c> run alone: the metrics SDK listens process-wide, so a module meter of
/// another test's host running at the same time would show in this host's scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
