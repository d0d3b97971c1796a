using StackExchange.Redis;

namespace EndpointStats.Hosting.Redis;

/// <summary>
/// The process's one shared Redis connection, or none: modules take their in-memory implementation when
/// <see cref="Multiplexer"/> is null.
/// </summary>
public sealed class PlatformRedis(IConnectionMultiplexer? multiplexer) : IDisposable
{
    public IConnectionMultiplexer? Multiplexer { get; } = multiplexer;

    public bool IsConfigured => Multiplexer is not null;

    public void Dispose() => Multiplexer?.Dispose();
}
