namespace EndpointStats.Cluster.Cache;

/// <summary>
/// One serialised answer and the key it was built for. Dashboards refresh on a timer from many browsers: while the cache
/// has not changed and the clock is in the same second, they all get the same bytes instead of a fresh 1 MB serialisation.
/// </summary>
public sealed class SerializedAnswer
{
    private readonly Lock _lock = new();
    private (long A, long B, long Second) _key = (-1, -1, -1);
    private byte[] _body = [];

    public byte[] GetOrBuild(long a, long b, long second, Func<byte[]> build)
    {
        lock (_lock)
        {
            if (_key == (a, b, second))
            {
                return _body;
            }
        }

        var body = build();
        lock (_lock)
        {
            _key = (a, b, second);
            _body = body;
        }

        return body;
    }
}
