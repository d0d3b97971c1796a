using StackExchange.Redis;

namespace EndpointStats.RateLimiting.Redis;

internal static class RedisConnection
{
    /// <summary>Fails fast while Redis is disconnected, instead of queueing behind the multiplexer's reconnect backlog.</summary>
    public static void ThrowIfDisconnected(IConnectionMultiplexer redis)
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
        }
    }
}
