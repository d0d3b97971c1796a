using EndpointStats.Hosting.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.Tests;

public sealed class ShutdownTests(TestServers servers)
{
    [Fact]
    public async Task Stop_WithRequestInFlight_LetsItFinish()
    {
        var storage = await servers.CreateStorageAsync(DatabaseProvider.Sqlite);
        var started = new TaskCompletionSource();
        var platform = await RunningPlatform.StartAsync(storage.Settings, app => app.MapGet("/test/slow", async () =>
        {
            started.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(1));
            return Results.Text("finished");
        }));
        using var client = platform.CreateClient();

        var request = client.GetStringAsync("/test/slow");
        await started.Task;
        await platform.DisposeAsync();

        Assert.Equal("finished", await request);
    }
}
