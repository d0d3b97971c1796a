using System.Threading.Channels;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The bounded hand-off between requests and the shipper. Writing never waits: a full buffer drops the event, counts it
/// and warns at most once per <see cref="WarningInterval"/>, so an outage cannot slow the gateway or flood the log.
/// </summary>
public sealed class RequestEventChannel
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);
    private readonly Channel<RequestEvent> _channel;
    private readonly RecordingMetrics _metrics;
    private readonly ILogger<RequestEventChannel> _logger;
    private readonly TimeProvider _time;
    private long _droppedSinceWarning;
    private long _nextWarningTicks;

    public RequestEventChannel(IOptions<RecordingOptions> options, RecordingMetrics metrics, ILogger<RequestEventChannel> logger, TimeProvider time)
    {
        Capacity = options.Value.BufferLimit;
        _channel = Channel.CreateBounded<RequestEvent>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _metrics = metrics;
        _logger = logger;
        _time = time;
        metrics.ObserveBuffered(() => _channel.Reader.Count);
    }

    public int Capacity { get; }

    public ChannelReader<RequestEvent> Reader => _channel.Reader;

    public void Write(RequestEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            _metrics.Recorded();
            return;
        }

        _metrics.Dropped();
        Interlocked.Increment(ref _droppedSinceWarning);
        var now = _time.GetTimestamp();
        var next = Interlocked.Read(ref _nextWarningTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextWarningTicks, now + (long)(WarningInterval.TotalSeconds * _time.TimestampFrequency), next) == next)
        {
            GatewayLog.EventsDropped(_logger, Interlocked.Exchange(ref _droppedSinceWarning, 0), Capacity);
        }
    }

    /// <summary>No more events: the shipper drains what is left and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
