using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EndpointStats.Cluster.Testing;

namespace ClusterBench;

/// <summary>
/// From a pod status change on the API server to the change being visible in <c>/api/cluster/pods</c>; the baseline is a raw
/// watch client on the same server seeing the same event, i.e. the transport's share of the delay.
/// </summary>
internal static class StatusChangeVisibility
{
    public static async Task<(double[] WatchDelivery, double[] Visible)> MeasureAsync(
        FakeKubernetesApi api, HttpClient raw, HttpClient platform, int pods, int deployments, int changes)
    {
        var seen = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var list = await raw.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/shop/pods?limit=1");
        var version = list.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var watcher = WatchAsync(raw, version!, seen, stop.Token);

        var delivery = new List<double>();
        var visible = new List<double>();
        for (var c = 0; c < changes; c++)
        {
            // Pods of the running template only (see BenchObjects.Pods), each changed once.
            var index = 1 + c * 97 % (pods - 1);
            while (index % 50 == 0 || index % 20 == 0)
            {
                index++;
            }

            var name = BenchObjects.PodName(index, deployments);
            var started = Stopwatch.GetTimestamp();
            api.Update("pods", "shop", name, p => BenchObjects.Status(p, "CrashLoopBackOff"));
            while (true)
            {
                var matches = await platform.GetFromJsonAsync<JsonElement>($"/api/cluster/pods?q={name}");
                if (matches.EnumerateArray().Any(p => p.GetProperty("status").GetString() == "CrashLoopBackOff"))
                {
                    break;
                }

                await Task.Delay(2);
            }

            visible.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            while (!seen.ContainsKey(name))
            {
                await Task.Delay(1);
            }

            delivery.Add(Stopwatch.GetElapsedTime(started, seen[name]).TotalMilliseconds);
        }

        await stop.CancelAsync();
        await watcher.ContinueWith(_ => { }, TaskScheduler.Default);
        delivery.Sort();
        visible.Sort();
        return ([.. delivery], [.. visible]);
    }

    private static async Task WatchAsync(HttpClient raw, string version, ConcurrentDictionary<string, long> seen, CancellationToken cancellationToken)
    {
        using var response = await raw.GetAsync($"/api/v1/namespaces/shop/pods?watch=true&resourceVersion={version}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var at = Stopwatch.GetTimestamp();
            using var document = JsonDocument.Parse(line);
            var name = document.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;
            seen.TryAdd(name, at);
        }
    }
}
