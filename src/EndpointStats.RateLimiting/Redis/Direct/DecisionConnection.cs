using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EndpointStats.RateLimiting.Engine;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis.Direct;

/// <summary>
/// Exact decisions over a Redis connection of their own, served by one I/O thread that spins while calls are in flight and
/// sleeps when none are (see the class parts). The thread takes the decisions queued since its last call, sends them as one
/// <c>decide.lua</c> call (at most <see cref="DecisionBatcher.MaxCallsInFlight"/> in flight, as the shared batcher), reads the
/// answer itself and hands each decision to its caller's continuation on the thread pool. So an answer reaches its caller with
/// one thread hand-off, where StackExchange.Redis's shared connection takes several (socket completion, pipe reader, the call's
/// task, the batch loop, then the caller): on a machine of few cores each hand-off can wait for a scheduler slice.
/// Standalone Redis only (or a Sentinel-managed primary): the multiplexer finds the primary, and this connection follows it
/// after a failover. A decision still unanswered after <c>staleAfter</c> fails with a <see cref="TimeoutException"/>; while
/// the connection is down it takes no decision (the store sends them through the multiplexer) and it reconnects by itself.
/// </summary>
internal sealed partial class DecisionConnection : IDisposable
{
    private static readonly EmbeddedScript Script = EmbeddedScript.Load("decide.lua");

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger _logger;
    private readonly ConfigurationOptions _settings;
    private readonly DecisionQueue _queue;
    private readonly Queue<List<PendingDecision>> _sent = new();
    private readonly RespWriter _writer = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _wake = new(false, 0);
    private readonly long _sweepTicks;
    private readonly long _deadTicks;
    private Socket? _socket;
    private byte[] _received = new byte[64 * 1024];
    private int _filled;
    private volatile bool _connected;
    private volatile bool _disposed;
    private int _sleeping;
    private bool _reportedDown;

    public DecisionConnection(IConnectionMultiplexer redis, TimeSpan staleAfter, ILogger logger)
    {
        _redis = redis;
        _logger = logger;
        _settings = ConfigurationOptions.Parse(redis.Configuration);
        StaleAfter = staleAfter;
        _queue = new DecisionQueue(staleAfter);
        // Also how often the idle thread looks for a closed socket: at least once a second.
        var sweep = staleAfter == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(1) : DecisionBatcher.SweepPeriod(staleAfter);
        _sweepTicks = (long)(sweep.TotalSeconds * Stopwatch.Frequency);
        // A call unanswered this long means a dead (half-open) connection, not a slow Redis: it is dropped and made anew.
        _deadTicks = (long)(Math.Max(4 * (staleAfter == Timeout.InfiniteTimeSpan ? 0 : staleAfter.TotalSeconds), 5) * Stopwatch.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "rate-limit decisions" };
        _thread.Start();
    }

    public TimeSpan StaleAfter { get; }

    /// <summary>Whether it has a connection with the script loaded; it takes no decision while it has none.</summary>
    public bool IsConnected => _connected;

    /// <summary>The decision, or null while the connection is down (the caller then sends it another way).</summary>
    public Task<RateLimitDecision>? TryDecideAsync(IReadOnlyList<LimitCheck> checks, RedisKey[] keys, long cost)
    {
        var pending = new PendingDecision(checks, keys, cost, Stopwatch.GetTimestamp());
        lock (_queue)
        {
            // Checked under the lock that a disconnect drains the queue under (after clearing the flag): a decision is either
            // queued before that drain, and failed by it, or turned away here; none can wait in the queue of a dead connection.
            if (!_connected)
            {
                return null;
            }

            _queue.Enqueue(pending);
            Volatile.Write(ref _queuedCount, _queue.Count);
        }

        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }

        return pending.Task;
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Set();
        // The thread closes the socket and fails what is left as it ends; the event holds no kernel handle to dispose.
        _thread.Join(TimeSpan.FromSeconds(2));
    }

    /// <summary>
    /// Whether decisions for this multiplexer's Redis can go over a connection of their own: not over TLS (this connection
    /// speaks plain TCP) and not to a Redis Cluster (checked per decision, by its key's slot), else they go through the
    /// multiplexer.
    /// </summary>
    public static bool CanServe(IConnectionMultiplexer redis) => !ConfigurationOptions.Parse(redis.Configuration).Ssl;

    private static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static EndPoint? Primary(IConnectionMultiplexer redis)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsConnected && !server.IsReplica)
            {
                return endpoint;
            }
        }

        return null;
    }
}
