namespace EndpointStats.Gateway.Pipeline;

/// <summary>
/// The gateway's request pipeline, outermost first. The order is fixed here and nowhere else:
/// recording wraps everything so it sees the final status (a 401 or a 429 included); authentication runs before rate
/// limiting so that limits can be keyed by user; routing to modules or upstream roles comes last.
/// </summary>
public enum GatewaySlot
{
    Recording = 100,
    Authentication = 200,
    RateLimiting = 300,
}
