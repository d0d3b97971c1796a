namespace EndpointStats.Hosting.Analytics;

/// <summary>
/// Where the gateway's batches go: the analytics store in one process, <c>POST /api/analytics/collect/batch</c> in split mode.
/// A call returns only once the batch is stored (or rejected for good); it throws when it should be retried.
/// </summary>
public interface IRequestEventBatchSink
{
    Task WriteAsync(IReadOnlyList<RequestEvent> batch, CancellationToken cancellationToken);
}
