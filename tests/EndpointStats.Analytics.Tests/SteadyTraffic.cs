namespace EndpointStats.Analytics.Tests;

/// <summary>GET / at a steady pace until stopped, counting the answers the gateway gave.</summary>
internal sealed class SteadyTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;

    public SteadyTraffic(HttpClient client, TimeSpan pause) => _loop = RunAsync(client, pause);

    public long Sent => Interlocked.Read(ref _sent);

    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Sent;
    }

    private async Task RunAsync(HttpClient client, TimeSpan pause)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var response = await client.GetAsync("/", CancellationToken.None);
            response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref _sent);
            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
