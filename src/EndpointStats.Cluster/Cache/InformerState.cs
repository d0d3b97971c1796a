namespace EndpointStats.Cluster.Cache;

/// <summary>Whether one kind's cache in one namespace is in sync with the API server, and since when it last was.</summary>
public sealed class InformerState(string kind, string @namespace)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastSync;
    private bool _connected;
    private string? _lastError;

    public string Kind { get; } = kind;

    public string Namespace { get; } = @namespace;

    /// <summary>True once a list has completed: from then on the cache can answer, even while the server is away.</summary>
    public bool HasSynced { get; private set; }

    public bool Connected
    {
        get
        {
            lock (_lock)
            {
                return _connected;
            }
        }
    }

    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>The last moment the cache was known to match the server: now while the watch is live.</summary>
    public DateTimeOffset? LastSync(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _connected ? now : _lastSync;
        }
    }

    /// <summary>A list completed, or a watch delivered an event or closed normally: the cache matched the server at <paramref name="at"/>.</summary>
    public void InSync(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSync = at;
            _connected = true;
            _lastError = null;
            HasSynced = true;
        }
    }

    public void Failed(string error)
    {
        lock (_lock)
        {
            _connected = false;
            _lastError = error;
        }
    }
}
