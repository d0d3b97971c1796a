namespace EndpointStats.Identity.Login;

/// <summary>Limits login attempts per account and per client IP; one call counts one attempt against both.</summary>
public interface ILoginThrottle
{
    /// <summary>Null when the attempt may go ahead; otherwise how long until the next one is allowed.</summary>
    ValueTask<TimeSpan?> TryAttemptAsync(string account, string clientIp, CancellationToken cancellationToken);
}
