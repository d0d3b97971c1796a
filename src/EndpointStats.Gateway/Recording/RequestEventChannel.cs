using System.Threading.Channels;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The bounded hand-off between requests and the shipper. Writing never waits: a full buffer drops the event, counts it
/// and warns at most once per <see cref="WarningInterval"/>, so an outage cannot slow the gateway or flood the log.
/// A write costs the channel's enqueue and one interlocked increment: the counts are read by the metrics at scrape time,
/// and the shipper is signalled once per full batch, not woken per event.
/// </summary>
public sealed class RequestEventChannel
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);
    private readonly Channel<RequestEvent> _channel;
    private readonly SemaphoreSlim _batchReady = new(0);
    private readonly int _batchSize;
    private readonly ILogger<RequestEventChannel> _logger;
    private readonly TimeProvider _time;
    private long _recorded;
    private long _dropped;
    private long _droppedSinceWarning;
    private long _nextWarningTicks;
    private volatile bool _completed;

    public RequestEventChannel(IOptions<RecordingOptions> options, RecordingMetrics metrics, ILogger<RequestEventChannel> logger, TimeProvider time)
    {
        Capacity = options.Value.BufferLimit;
        _batchSize = options.Value.BatchSize;
        _channel = Channel.CreateBounded<RequestEvent>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _logger = logger;
        _time = time;
        metrics.ObserveBuffer(() => _channel.Reader.Count, () => Interlocked.Read(ref _recorded), () => Interlocked.Read(ref _dropped));
    }

    public int Capacity { get; }

    public ChannelReader<RequestEvent> Reader => _channel.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(RequestEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            if (Interlocked.Increment(ref _recorded) % _batchSize == 0)
            {
                _batchReady.Release();
            }

            return;
        }

        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceWarning);
        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _nextWarningTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextWarningTicks, now + (long)(WarningInterval.TotalSeconds * _time.TimestampFrequency), next) == next)
        {
            GatewayLog.EventsDropped(_logger, Interlocked.Exchange(ref _droppedSinceWarning, 0), Capacity);
        }
    }

    /// <summary>
    /// Waits until a full batch is buffered, the buffer is completed, or <paramref name="linger"/> passed. A signal left from
    /// a batch already taken may end the wait early; the caller then sends what there is.
    /// </summary>
    public async Task WaitForBatchAsync(TimeSpan linger, CancellationToken cancellationToken)
    {
        if (_completed || _channel.Reader.Count >= _batchSize)
        {
            return;
        }

        await _batchReady.WaitAsync(linger, cancellationToken);
    }

    /// <summary>No more events: the shipper drains what is left and stops.</summary>
    public void Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
        _batchReady.Release();
    }
}
