using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClusterBench;
using EndpointStats.Cluster.Testing;

// bench/cluster.sh: the cluster role against a fake API server holding 5,000 pods and 500 deployments. Every figure is
// printed beside a baseline from the same run; nothing passes or fails.
const int PodCount = 5000;
const int DeploymentCount = 500;
var dll = args.Length > 0 ? args[0] : throw new ArgumentException("usage: ClusterBench <path to endpoint-stats.dll> [NAME=VALUE environment of the role...]");
var roleEnvironment = args.Skip(1).ToArray();
var work = Directory.CreateTempSubdirectory("es-cluster-bench-").FullName;

await using var api = await FakeKubernetesApi.StartAsync();
var kubeConfig = api.WriteKubeConfig(work);
await using var platform = PlatformProcess.Start(dll, kubeConfig, Path.Combine(work, "data"), roleEnvironment);
using var http = new HttpClient { BaseAddress = platform.Address, Timeout = TimeSpan.FromSeconds(60) };
using var raw = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(60) };
raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeKubernetesApi.Token);

await UntilAsync(async () => (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode, "platform ready");
await Task.Delay(TimeSpan.FromSeconds(3));
var rssEmpty = platform.ResidentMegabytes();

// Load through watch events, the way a namespace fills up; the role also writes one history row per pod.
var loading = Stopwatch.StartNew();
foreach (var item in BenchObjects.Deployments(DeploymentCount))
{
    api.Apply(item);
}

foreach (var pod in BenchObjects.Pods(PodCount, DeploymentCount))
{
    api.Apply(pod);
}

await UntilAsync(async () =>
{
    var stats = await http.GetFromJsonAsync<JsonElement>("/api/cluster/stats");
    return stats.GetProperty("totalPods").GetInt32() == PodCount && stats.GetProperty("totalDeployments").GetInt32() == DeploymentCount;
}, "5,000 pods visible");
var loadSeconds = loading.Elapsed.TotalSeconds;
await Task.Delay(TimeSpan.FromSeconds(3));
var rssLoaded = platform.ResidentMegabytes();
var heapLoaded = await GcHeapMegabytesAsync(http);

async Task Get(HttpClient client, string path)
{
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    response.EnsureSuccessStatusCode();
}

const string RawList = "/api/v1/namespaces/shop/pods";
const string ApiPods = "/api/cluster/pods";
var apiBytes = (await http.GetByteArrayAsync(ApiPods)).Length;
var rawBytes = (await raw.GetByteArrayAsync(RawList)).Length;
await Latency.MeasureAsync(() => Get(raw, RawList), 10, 1);
await Latency.MeasureAsync(() => Get(http, ApiPods), 50, 1);
var rows = new List<(string Name, double[] Samples)>();
foreach (var concurrency in new[] { 1, 4 })
{
    rows.Add(($"fake API server pod list, raw (baseline), c={concurrency}", await Latency.MeasureAsync(() => Get(raw, RawList), 40, concurrency)));
    rows.Add(($"GET /api/cluster/pods, c={concurrency}", await Latency.MeasureAsync(() => Get(http, ApiPods), 300, concurrency)));
    // A filter matching every pod: the same rows, built and serialised for each request (no answer reuse).
    rows.Add(($"GET /api/cluster/pods?q=svc- (uncached), c={concurrency}", await Latency.MeasureAsync(() => Get(http, ApiPods + "?q=svc-"), 300, concurrency)));
}

var rssAfterRequests = platform.ResidentMegabytes();
var (watchDelivery, visible) = await StatusChangeVisibility.MeasureAsync(api, raw, http, PodCount, DeploymentCount, 50);

Console.WriteLine();
Console.WriteLine($"Cluster role: {PodCount:N0} pods, {DeploymentCount} deployments, {DeploymentCount} replica sets in one namespace; {Environment.ProcessorCount} cores shared with the fake API server and the client");
Console.WriteLine($"{"request",-52} {"n",5} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"bytes",10}");
foreach (var (name, samples) in rows)
{
    Console.WriteLine($"{name,-52} {samples.Length,5} {Latency.Percentile(samples, 50),9:F1} {Latency.Percentile(samples, 95),9:F1} {Latency.Percentile(samples, 99),9:F1} {(name.StartsWith("GET", StringComparison.Ordinal) ? apiBytes : rawBytes),10:N0}");
}

Console.WriteLine("target: GET /api/cluster/pods p95 <= 50 ms");
Console.WriteLine();
Console.WriteLine($"role environment: {(roleEnvironment.Length == 0 ? "defaults" : string.Join(' ', roleEnvironment))}");
Console.WriteLine($"{"memory of the role, MB",-40} {"RSS",9} {"private",9}");
Console.WriteLine($"{"before loading (baseline)",-40} {rssEmpty.Total,9:F0} {rssEmpty.Private,9:F0}");
Console.WriteLine($"{"5,000 pods loaded",-40} {rssLoaded.Total,9:F0} {rssLoaded.Private,9:F0}   (GC heap after the last collection: {heapLoaded:F1} MB)");
Console.WriteLine($"{"after the request runs",-40} {rssAfterRequests.Total,9:F0} {rssAfterRequests.Private,9:F0}");
Console.WriteLine("target: role memory <= 150 MB (private = RSS without the mapped runtime and assemblies, which are shared file pages)");
Console.WriteLine($"initial load through {PodCount + 2 * DeploymentCount:N0} watch events until /stats shows them: {loadSeconds:F1} s");
Console.WriteLine();
Console.WriteLine($"pod status change, {visible.Length} changes               {"p50 ms",9} {"p95 ms",9} {"max ms",9}");
Console.WriteLine($"{"raw watch client sees the event (baseline)",-40} {Latency.Percentile(watchDelivery, 50),9:F1} {Latency.Percentile(watchDelivery, 95),9:F1} {watchDelivery[^1],9:F1}");
Console.WriteLine($"{"visible in GET /api/cluster/pods",-40} {Latency.Percentile(visible, 50),9:F1} {Latency.Percentile(visible, 95),9:F1} {visible[^1],9:F1}");
Console.WriteLine("target: visible within 1000 ms of the watch event");
return 0;

// The runtime's own figure of what survived the last collection: the cache's live size, without garbage awaiting collection.
static async Task<double> GcHeapMegabytesAsync(HttpClient http)
{
    var metrics = await http.GetStringAsync("/metrics");
    return metrics.Split('\n')
        .Where(l => l.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)) / (1024 * 1024);
}

static async Task UntilAsync(Func<Task<bool>> condition, string what)
{
    var deadline = DateTime.UtcNow.AddMinutes(3);
    while (true)
    {
        try
        {
            if (await condition())
            {
                return;
            }
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            // not listening yet; an HTTP error status (401, 500) is a fault and ends the run
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException(what);
        }

        await Task.Delay(100);
    }
}
