using System.Net;

namespace EndpointStats.Gateway.Recording;

/// <summary>Analytics answered 401 or 403 to a batch: the ingestion key is wrong or missing, which no quick retry fixes.</summary>
public sealed class IngestKeyRejectedException(HttpStatusCode status)
    : HttpRequestException($"analytics refused the ingestion key ({(int)status})", null, status);
