using System.Text.Json;
using EndpointStats.Hosting.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Welcome;

/// <summary>
/// The welcome body, serialised once per cache period: the request that renews it gets <c>from_cache: false</c>, the
/// others the same body with <c>from_cache: true</c>. Readers never lock; a renewal race only serialises twice.
/// </summary>
public sealed class WelcomeCache(TimeProvider time, IOptions<GatewayOptions> options)
{
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.WelcomeCacheSeconds);
    private Entry? _entry;

    public byte[] Get()
    {
        var now = time.GetUtcNow();
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && now < entry.Expires)
        {
            return entry.Cached;
        }

        var fresh = new Entry(now + _ttl, Serialize(now, fromCache: false), Serialize(now, fromCache: true));
        Volatile.Write(ref _entry, fresh);
        return fresh.Fresh;
    }

    public Task WriteAsync(HttpResponse response)
    {
        var body = Get();
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] Serialize(DateTimeOffset now, bool fromCache) => JsonSerializer.SerializeToUtf8Bytes(
        new WelcomeResponse(WelcomeResponse.WelcomeMessage, HealthReporter.HostName, now.UtcDateTime, fromCache),
        WelcomeJsonContext.Default.WelcomeResponse);

    private sealed record Entry(DateTimeOffset Expires, byte[] Fresh, byte[] Cached);
}
