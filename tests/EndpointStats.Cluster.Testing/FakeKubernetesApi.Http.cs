using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.Cluster.Testing;

public sealed partial class FakeKubernetesApi
{
    private static readonly Dictionary<string, (string Kind, string ListKind, string ApiVersion)> Kinds = new()
    {
        ["pods"] = ("Pod", "PodList", "v1"),
        ["events"] = ("Event", "EventList", "v1"),
        ["deployments"] = ("Deployment", "DeploymentList", "apps/v1"),
        ["replicasets"] = ("ReplicaSet", "ReplicaSetList", "apps/v1"),
    };

    // Paged lists are served from the snapshot taken for the first page, as the API server serves them from one revision.
    private readonly Dictionary<string, (JsonObject[] Items, long Version)> _pages = [];

    private async Task ServeAsync(string apiVersion, string ns, string resource, HttpContext context)
    {
        var query = context.Request.Query;
        if (!Kinds.TryGetValue(resource, out var kind) || kind.ApiVersion != apiVersion)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var watch = query["watch"] is var w && (w == "true" || w == "1");
        lock (_lock)
        {
            var key = $"{resource}:{(watch ? "watch" : "list")}";
            _requests[key] = _requests.GetValueOrDefault(key) + 1;
        }

        if (watch)
        {
            await WatchAsync(ns, resource, query, context);
        }
        else
        {
            await ListAsync(ns, resource, kind, query, context);
        }
    }

    private async Task ListAsync(string ns, string resource, (string Kind, string ListKind, string ApiVersion) kind, IQueryCollection query, HttpContext context)
    {
        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        string? token = query["continue"];
        JsonObject[] items;
        long version;
        lock (_lock)
        {
            if (token is null)
            {
                items = [.. Objects(resource, ns).Values];
                version = _version;
                token = Guid.NewGuid().ToString("N");
                _pages[token] = (items, version);
            }
            else if (_pages.TryGetValue(token.Split(':')[0], out var page))
            {
                (items, version) = page;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status410Gone;
                return;
            }
        }

        var parts = token.Split(':');
        var offset = parts.Length > 1 ? int.Parse(parts[1]) : 0;
        var end = (int)Math.Min((long)offset + limit, items.Length);
        var next = end < items.Length ? $"{parts[0]}:{end}" : null;
        if (next is null)
        {
            lock (_lock)
            {
                _pages.Remove(parts[0]);
            }
        }

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("kind", kind.ListKind);
        writer.WriteString("apiVersion", kind.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", version.ToString());
        if (next is not null)
        {
            writer.WriteString("continue", next);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        for (var i = offset; i < end; i++)
        {
            items[i].WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task WatchAsync(string ns, string resource, IQueryCollection query, HttpContext context)
    {
        var from = long.TryParse(query["resourceVersion"], out var v) ? v : 0;
        var timeout = int.TryParse(query["timeoutSeconds"], out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        var watch = new Watch(resource, ns, Channel.CreateUnbounded<string>());
        List<string> backlog;
        lock (_lock)
        {
            if (_app is null)
            {
                // Stopping: a watch that slipped in must not hold the shutdown open.
                backlog = [];
                watch.Lines.Writer.TryComplete();
            }
            else if (from != 0 && from < _oldestWatchable)
            {
                backlog = [GoneLine(_oldestWatchable)];
                watch.Lines.Writer.TryComplete();
            }
            else
            {
                backlog = from == 0
                    ? [.. Objects(resource, ns).Values.Select(o => new JsonObject { ["type"] = "ADDED", ["object"] = o.DeepClone() }.ToJsonString())]
                    : [.. _log.Where(e => e.Version > from && e.Resource == resource && e.Namespace == ns).Select(e => e.Line)];
                _watches.Add(watch);
            }
        }

        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            foreach (var line in backlog)
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            }

            await context.Response.Body.FlushAsync(context.RequestAborted);
            using var expiry = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            expiry.CancelAfter(timeout);
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(expiry.Token))
            {
                await context.Response.WriteAsync(line + "\n", expiry.Token);
                await context.Response.Body.FlushAsync(expiry.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch timed out or the client went away: the stream just ends, as the API server's does.
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(watch);
            }
        }
    }
}
