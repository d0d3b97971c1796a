using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EndpointStats.Cluster.Testing;

/// <summary>
/// A Kubernetes API server on loopback for the four kinds the cluster role reads: paged lists and streamed watches with
/// resource versions, 410 Gone for versions older than the last compaction, and an outage on demand (stop, start again on
/// the same port). Objects are JSON exactly as given, so fixtures keep the shapes <c>kubectl get -o json</c> prints.
/// </summary>
public sealed partial class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "fake-service-account-token";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Resource, string Namespace), SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<LoggedEvent> _log = [];
    private readonly List<Watch> _watches = [];
    private readonly Dictionary<string, int> _requests = [];
    private long _version = 1000;
    private long _oldestWatchable = 1000;

    private sealed record LoggedEvent(long Version, string Resource, string Namespace, string Line);

    private sealed record Watch(string Resource, string Namespace, Channel<string> Lines);

    /// <summary>Adds or replaces an object (ADDED or MODIFIED for watchers) and returns its new resource version.</summary>
    public long Apply(JsonObject item)
    {
        var (resource, ns, name) = Identify(item);
        lock (_lock)
        {
            var stored = item.DeepClone().AsObject();
            stored["metadata"]!["resourceVersion"] = (++_version).ToString();
            var objects = Objects(resource, ns);
            var type = objects.ContainsKey(name) ? "MODIFIED" : "ADDED";
            objects[name] = stored;
            Publish(resource, ns, type, stored);
            return _version;
        }
    }

    /// <summary>Changes a stored object in place of a controller or the kubelet: <paramref name="change"/> edits a copy.</summary>
    public long Update(string resource, string ns, string name, Action<JsonObject> change)
    {
        var copy = Get(resource, ns, name);
        change(copy);
        return Apply(copy);
    }

    public void Delete(string resource, string ns, string name)
    {
        lock (_lock)
        {
            if (!Objects(resource, ns).Remove(name, out var removed))
            {
                throw new InvalidOperationException($"{resource}/{name} does not exist in {ns}.");
            }

            var final = removed.DeepClone().AsObject();
            final["metadata"]!["resourceVersion"] = (++_version).ToString();
            Publish(resource, ns, "DELETED", final);
        }
    }

    public JsonObject Get(string resource, string ns, string name)
    {
        lock (_lock)
        {
            return Objects(resource, ns)[name].DeepClone().AsObject();
        }
    }

    /// <summary>Loads objects without watch history, as if the server had compacted past their creation.</summary>
    public void Seed(IEnumerable<JsonObject> items)
    {
        foreach (var item in items)
        {
            Apply(item);
        }

        Compact();
    }

    /// <summary>Forgets the event history (etcd compaction): a watch resumed from an older version gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _log.Clear();
            _oldestWatchable = _version;
        }
    }

    /// <summary>Compacts and ends every open watch with a 410 Gone error event, as the API server does when its watch cache moves on.</summary>
    public void ExpireWatches()
    {
        lock (_lock)
        {
            Compact();
            foreach (var watch in _watches)
            {
                watch.Lines.Writer.TryWrite(GoneLine(_oldestWatchable));
                watch.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>How many list (or watch) requests a resource has had: the role must not call the server per HTTP request.</summary>
    public int Requests(string resource, bool watch = false)
    {
        lock (_lock)
        {
            return _requests.GetValueOrDefault($"{resource}:{(watch ? "watch" : "list")}");
        }
    }

    private void Publish(string resource, string ns, string type, JsonObject item)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString();
        _log.Add(new LoggedEvent(_version, resource, ns, line));
        foreach (var watch in _watches.Where(w => w.Resource == resource && w.Namespace == ns))
        {
            watch.Lines.Writer.TryWrite(line);
        }
    }

    private SortedDictionary<string, JsonObject> Objects(string resource, string ns)
    {
        if (!_objects.TryGetValue((resource, ns), out var objects))
        {
            objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[(resource, ns)] = objects;
        }

        return objects;
    }

    private static string GoneLine(long oldest) => new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"too old resource version: {oldest - 1} ({oldest})",
            ["reason"] = "Expired",
            ["code"] = 410,
        },
    }.ToJsonString();

    private static (string Resource, string Namespace, string Name) Identify(JsonObject item)
    {
        var kind = item["kind"]?.GetValue<string>() ?? throw new ArgumentException("The object has no kind.");
        var resource = Kinds.Single(k => k.Value.Kind == kind).Key;
        var metadata = item["metadata"]!;
        return (resource, metadata["namespace"]?.GetValue<string>() ?? "default", metadata["name"]!.GetValue<string>());
    }
}
