using Microsoft.AspNetCore.Builder;

namespace EndpointStats.Gateway.Pipeline;

/// <summary>Middleware a module puts into one of the gateway's slots.</summary>
public sealed record GatewayStage(GatewaySlot Slot, string Name, Action<IApplicationBuilder> Configure);
