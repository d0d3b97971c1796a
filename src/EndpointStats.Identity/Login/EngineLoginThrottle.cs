using EndpointStats.RateLimiting.Engine;
using Microsoft.Extensions.Options;

namespace EndpointStats.Identity.Login;

/// <summary>
/// Login limits on the platform's rate-limit engine (memory, or Redis shared by every identity replica). Every attempt
/// counts, successful or not, and unknown accounts are limited like real ones so the limit reveals nothing.
/// </summary>
public sealed class EngineLoginThrottle : ILoginThrottle
{
    private readonly IRateLimiter _limiter;
    private readonly RateLimit _perAccount;
    private readonly RateLimit _perIp;

    public EngineLoginThrottle(IRateLimiter limiter, IOptions<IdentityOptions> options)
    {
        _limiter = limiter;
        var o = options.Value;
        _perAccount = new RateLimit("identity-login-account", o.LoginAttemptsPerAccount, o.LoginWindow);
        _perIp = new RateLimit("identity-login-ip", o.LoginAttemptsPerIp, o.LoginWindow);
    }

    public async ValueTask<TimeSpan?> TryAttemptAsync(string account, string clientIp, CancellationToken cancellationToken)
    {
        // Open: while Redis is down each replica limits from memory (the engine divides the limits), so sign-in keeps
        // working and a brute force stays bounded.
        var decision = await _limiter.CheckAsync(
            [new LimitCheck(_perAccount, account), new LimitCheck(_perIp, clientIp)],
            cost: 1,
            FailureMode.Open,
            cancellationToken);
        return decision.Outcome switch
        {
            RateLimitOutcome.Allowed => null,
            RateLimitOutcome.Limited => decision.RetryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : decision.RetryAfter,
            _ => _perAccount.Period,
        };
    }
}
