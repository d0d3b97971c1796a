using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// Reads the buffer into batches (full, or after the linger time) and delivers each batch until it is stored, backing off
/// while the store or the analytics role is down; the buffer keeps filling meanwhile and drops only past its limit.
/// A batch is retried unchanged, and its event ids make the retry harmless if the first attempt was in fact stored.
/// The shipper wakes once per batch (the buffer signals a full batch), never per event, so it costs the request path
/// nothing. On shutdown the buffer is completed and drained.
/// </summary>
public sealed class EventShipper(
    RequestEventChannel channel,
    IRequestEventBatchSink sink,
    RecordingMetrics metrics,
    IOptions<RecordingOptions> options,
    ILogger<EventShipper> logger) : BackgroundService
{
    private readonly RecordingOptions _options = options.Value;
    private readonly CancellationTokenSource _abandon = new();

    private int _shipping;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => ShipAsync();

    /// <summary>
    /// Ships until the buffer is completed and drained (at shutdown), regardless of any stopping token, so nothing is lost.
    /// Runs once: from <see cref="ExecuteAsync"/>, or from <see cref="StopAsync"/> when the host stopped the service before
    /// its <see cref="ExecuteAsync"/> ever ran (.NET 10 starts it with <c>Task.Run</c> and skips it if already stopped).
    /// </summary>
    private async Task ShipAsync()
    {
        if (Interlocked.Exchange(ref _shipping, 1) == 1)
        {
            return;
        }

        var reader = channel.Reader;
        var linger = TimeSpan.FromMilliseconds(_options.BatchLingerMilliseconds);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            await channel.WaitForBatchAsync(linger, CancellationToken.None);
            var batch = new List<RequestEvent>(Math.Min(_options.BatchSize, reader.Count));
            while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count > 0)
            {
                await DeliverAsync(batch);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        channel.Complete();
        // The host may dispose this service and cancel the token later (a stop that outlived its caller): the callback must
        // not throw then, or the token's owner gets an AggregateException from its Cancel.
        await using var registration = cancellationToken.Register(static shipper => ((EventShipper)shipper!).Abandon(), this);
        await base.StopAsync(CancellationToken.None);
        await ShipAsync();
        if (channel.Reader.Count > 0)
        {
            GatewayLog.FlushIncomplete(logger, channel.Reader.Count);
        }
    }

    private async Task DeliverAsync(List<RequestEvent> batch)
    {
        var attempt = 0;
        var delay = 100;
        while (!_abandon.IsCancellationRequested)
        {
            try
            {
                await sink.WriteAsync(batch, _abandon.Token);
                metrics.Shipped(batch.Count);
                if (attempt > 0)
                {
                    GatewayLog.DeliveryRecovered(logger, attempt + 1);
                }

                return;
            }
            catch (IngestKeyRejectedException ex) when (!_abandon.IsCancellationRequested)
            {
                // Only a configuration change helps: wait the longest interval, and say so once per outage, as an error.
                metrics.Rejected();
                delay = _options.MaxRetryDelayMilliseconds;
                if (attempt++ == 0)
                {
                    RecordingLog.IngestKeyRejected(logger, batch.Count, (int)ex.StatusCode!, delay);
                }
            }
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                attempt++;
                metrics.Retried();
                GatewayLog.DeliveryFailed(logger, batch.Count, ex.Message, attempt, delay);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, _abandon.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = Math.Min(delay * 2, _options.MaxRetryDelayMilliseconds);
        }

        GatewayLog.FlushIncomplete(logger, batch.Count);
    }

    private void Abandon()
    {
        try
        {
            _abandon.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nothing is left to abandon.
        }
    }

    /// <summary>Abandons a delivery still retrying (a stop that outlived the host), then releases the token source.</summary>
    public override void Dispose()
    {
        Abandon();
        _abandon.Dispose();
        base.Dispose();
    }
}
