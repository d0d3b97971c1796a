using System.Text.Json.Serialization;

namespace EndpointStats.Cluster.Kube;

/// <summary>Source-generated readers for the watched kinds: no reflection metadata is built at run time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ResourceList<Pod>))]
[JsonSerializable(typeof(WatchEvent<Pod>))]
[JsonSerializable(typeof(ResourceList<Deployment>))]
[JsonSerializable(typeof(WatchEvent<Deployment>))]
[JsonSerializable(typeof(ResourceList<ReplicaSet>))]
[JsonSerializable(typeof(WatchEvent<ReplicaSet>))]
[JsonSerializable(typeof(ResourceList<KubeEvent>))]
[JsonSerializable(typeof(WatchEvent<KubeEvent>))]
[JsonSerializable(typeof(WatchEvent<KubeStatus>))]
[JsonSerializable(typeof(KubeStatus))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
