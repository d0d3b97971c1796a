namespace EndpointStats.Cluster.Cache;

/// <summary>
/// One kind's objects in one namespace, keyed by name. Readers get an immutable snapshot sorted by name (kubectl's order)
/// that is rebuilt at most once per change, so a burst of requests between two watch events shares one array.
/// </summary>
public sealed class ResourceStore<TView>(Func<TView, string> nameOf) where TView : class
{
    private readonly Lock _lock = new();
    private Dictionary<string, TView> _items = new(StringComparer.Ordinal);
    private TView[]? _snapshot;
    private long _version;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public TView? Get(string name)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(name);
        }
    }

    /// <summary>Sets the whole content after a list.</summary>
    public void Replace(IEnumerable<TView> items)
    {
        var next = new Dictionary<string, TView>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            next[nameOf(item)] = item;
        }

        lock (_lock)
        {
            _items = next;
            Changed();
        }
    }

    public void Upsert(TView item)
    {
        lock (_lock)
        {
            _items[nameOf(item)] = item;
            Changed();
        }
    }

    public TView? Remove(string name)
    {
        lock (_lock)
        {
            if (!_items.Remove(name, out var removed))
            {
                return null;
            }

            Changed();
            return removed;
        }
    }

    /// <summary>Grows with every change: answers derived from the store can be reused while it stays the same.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public IReadOnlyList<TView> Snapshot()
    {
        lock (_lock)
        {
            if (_snapshot is null)
            {
                _snapshot = [.. _items.Values];
                Array.Sort(_snapshot, (a, b) => string.CompareOrdinal(nameOf(a), nameOf(b)));
            }

            return _snapshot;
        }
    }

    private void Changed()
    {
        _snapshot = null;
        _version++;
    }
}
