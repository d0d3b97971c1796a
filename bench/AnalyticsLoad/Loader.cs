using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using EndpointStats.Hosting.Analytics;

namespace AnalyticsLoad;

/// <summary>
/// Posts generated events to <c>/api/analytics/collect/batch</c> from several connections and reports the sustained rate.
/// The batches are generated and serialised into a spool file first, untimed, as the CSV for the <c>psql \copy</c> baseline
/// is: the timed part is sending bodies, as <c>psql</c> sends the file, so the generator's CPU is charged to neither.
/// </summary>
internal static class Loader
{
    public static async Task<int> RunAsync(Uri url, string key, long count, int days, int batchSize, int concurrency, string spoolDirectory)
    {
        var spool = Path.Combine(spoolDirectory, $"batches-{Environment.ProcessId}.bin");
        try
        {
            var generated = Stopwatch.StartNew();
            var batchCount = Spool(spool, count, days, batchSize);
            Console.Error.WriteLine($"  generated {batchCount:N0} batches in {generated.Elapsed.TotalSeconds:F0} s (untimed)");
            return await SendAsync(url, key, spool, count, concurrency);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static long Spool(string path, long count, int days, int batchSize)
    {
        var to = DateTime.UtcNow.AddMinutes(-1);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(file);
        long batches = 0;
        foreach (var chunk in new EventGenerator(count, to.AddDays(-days), to).Events().Chunk(batchSize))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(chunk.ToList(), AnalyticsContractJson.Default.ListRequestEvent);
            writer.Write(chunk.Length);
            writer.Write(body.Length);
            writer.Write(body);
            batches++;
        }

        return batches;
    }

    private static async Task<int> SendAsync(Uri url, string key, string spool, long count, int concurrency)
    {
        var batches = Channel.CreateBounded<(int Events, byte[] Body)>(concurrency * 2);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add(IngestKeyHeader.Name, key);

        var watch = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            using var reader = new BinaryReader(new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var events = reader.ReadInt32();
                var body = reader.ReadBytes(reader.ReadInt32());
                await batches.Writer.WriteAsync((events, body));
            }

            batches.Writer.Complete();
        });
        long sent = 0;
        var lastReport = 0L;
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var (events, body) in batches.Reader.ReadAllAsync())
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(IngestKeyHeader.BatchPath, content);
                response.EnsureSuccessStatusCode();
                var total = Interlocked.Add(ref sent, events);
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
