using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using EndpointStats.Hosting.Analytics;

namespace AnalyticsLoad;

/// <summary>Posts generated events to <c>/api/analytics/collect/batch</c> from several connections and reports the sustained rate.</summary>
internal static class Loader
{
    public static async Task<int> RunAsync(Uri url, string key, long count, int days, int batchSize, int concurrency)
    {
        var to = DateTime.UtcNow.AddMinutes(-1);
        var generator = new EventGenerator(count, to.AddDays(-days), to);
        var batches = Channel.CreateBounded<byte[]>(concurrency * 2);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add(IngestKeyHeader.Name, key);

        var watch = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            foreach (var chunk in generator.Events().Chunk(batchSize))
            {
                await batches.Writer.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(chunk.ToList(), AnalyticsContractJson.Default.ListRequestEvent));
            }

            batches.Writer.Complete();
        });
        long sent = 0;
        var lastReport = 0L;
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var body in batches.Reader.ReadAllAsync())
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(IngestKeyHeader.BatchPath, content);
                response.EnsureSuccessStatusCode();
                var total = Interlocked.Add(ref sent, batchSize);
                var seconds = (long)watch.Elapsed.TotalSeconds;
                if (seconds / 15 > Interlocked.Read(ref lastReport))
                {
                    Interlocked.Exchange(ref lastReport, seconds / 15);
                    Console.Error.WriteLine($"  {total:N0} events after {watch.Elapsed.TotalSeconds:F0} s");
                }
            }
        })).ToList();
        await Task.WhenAll(senders.Append(producer));
        watch.Stop();
        Console.WriteLine($"{count} {watch.Elapsed.TotalSeconds:F2} {count / watch.Elapsed.TotalSeconds:F0}");
        return 0;
    }
}
