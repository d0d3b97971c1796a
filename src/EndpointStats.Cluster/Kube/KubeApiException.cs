using System.Net;

namespace EndpointStats.Cluster.Kube;

/// <summary>The API server answered with an error status, e.g. 410 Gone for an expired list continuation or watch version.</summary>
public sealed class KubeApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
