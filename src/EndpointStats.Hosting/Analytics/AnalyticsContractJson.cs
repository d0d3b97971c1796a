using System.Text.Json.Serialization;

namespace EndpointStats.Hosting.Analytics;

/// <summary>Source-generated JSON for what crosses the wire between gateway and analytics in split mode.</summary>
[JsonSerializable(typeof(List<RequestEvent>))]
[JsonSerializable(typeof(List<EndpointSummary>))]
public sealed partial class AnalyticsContractJson : JsonSerializerContext;
