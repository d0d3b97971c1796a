using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// Reads the buffer into batches (full, or after the linger time) and delivers each batch until it is stored, backing off
/// while the store or the analytics role is down; the buffer keeps filling meanwhile and drops only past its limit.
/// A batch is retried unchanged, and its event ids make the retry harmless if the first attempt was in fact stored.
/// On shutdown the buffer is completed and drained.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The loop ends when the channel is completed and drained (at shutdown), not on stoppingToken, so nothing is lost.
        var reader = channel.Reader;
        var batch = new List<RequestEvent>(_options.BatchSize);
        var linger = TimeSpan.FromMilliseconds(_options.BatchLingerMilliseconds);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            using var lingerCts = new CancellationTokenSource(linger);
            try
            {
                while (batch.Count < _options.BatchSize)
                {
                    if (reader.TryRead(out var item))
                    {
                        batch.Add(item);
                        continue;
                    }

                    if (!await reader.WaitToReadAsync(lingerCts.Token))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (lingerCts.IsCancellationRequested)
            {
                // Linger elapsed: send what we have.
            }

            await DeliverAsync(batch);
            batch = new List<RequestEvent>(_options.BatchSize);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        channel.Complete();
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(CancellationToken.None);
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
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                attempt++;
                metrics.Retried();
                GatewayLog.DeliveryFailed(logger, batch.Count, ex.Message, attempt, delay);
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
            catch (OperationCanceledException)
            {
                break;
            }
        }

        GatewayLog.FlushIncomplete(logger, batch.Count);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }
}
