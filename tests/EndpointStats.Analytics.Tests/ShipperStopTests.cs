using System.Net;
using System.Net.Sockets;
using EndpointStats.Gateway.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using EndpointStats.Hosting.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Tests;

/// <summary>
/// Stopping the gateway's shipper. A stop that outlives its host: the gateway's shipper is still delivering a batch (analytics accepted the connection and
/// never answers) when the host disposes it, and the caller's stop token is cancelled only afterwards. Disposal abandons
/// the delivery, and the late cancellation must not throw into the token's owner (it did: an AggregateException from Cancel).
/// </summary>
public sealed class ShipperStopTests
{
    [Fact]
    public async Task Dispose_WhileStopIsDelivering_AbandonsDeliveryAndLateCancellationDoesNotThrow()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new RecordingOptions { BatchSize = 10, BatchLingerMilliseconds = 10, MaxRetryDelayMilliseconds = 60_000 });
        var metrics = new RecordingMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var channel = new RequestEventChannel(options, metrics, NullLogger<RequestEventChannel>.Instance, TimeProvider.System);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var shipper = new EventShipper(channel, new HttpEventBatchSink(http, options), metrics, options, NullLogger<EventShipper>.Instance);
        using var stopToken = new CancellationTokenSource();

        await shipper.StartAsync(CancellationToken.None);
        channel.Write(new RequestEvent { Id = RequestEventId.New(DateTime.UtcNow), Timestamp = DateTime.UtcNow, Route = "/", Method = "GET", Status = 200 });
        var stop = shipper.StopAsync(stopToken.Token);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var stillDelivering = !stop.IsCompleted;
        shipper.Dispose();
        await stop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var late = Record.Exception(stopToken.Cancel);

        Assert.True(stillDelivering);
        Assert.Null(late);
    }

    [Fact]
    public async Task Stop_BeforeTheShippingLoopEverRan_StillDeliversWhatIsBuffered()
    {
        // .NET 10 runs ExecuteAsync through Task.Run and skips it when the service is stopped first; the stop must ship anyway.
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var analytics = builder.Build();
        analytics.MapPost(IngestKeyHeader.BatchPath, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.TrySetResult(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await analytics.StartAsync(TestContext.Current.CancellationToken);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new RecordingOptions());
        var metrics = new RecordingMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var channel = new RequestEventChannel(options, metrics, NullLogger<RequestEventChannel>.Instance, TimeProvider.System);
        using var http = new HttpClient { BaseAddress = new Uri(analytics.Urls.First() + "/") };
        using var shipper = new EventShipper(channel, new HttpEventBatchSink(http, options), metrics, options, NullLogger<EventShipper>.Instance);
        var id = RequestEventId.New(DateTime.UtcNow);

        channel.Write(new RequestEvent { Id = id, Timestamp = DateTime.UtcNow, Route = "/", Method = "GET", Status = 200 });
        await shipper.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var body = await received.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Contains(id.ToString(), body, StringComparison.Ordinal);
        Assert.Equal(0, channel.Reader.Count);
    }
}
