using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EndpointStats.Gateway.Pipeline;

public static class GatewayPipelineExtensions
{
    /// <summary>Registers middleware for a slot; modules call this from their <c>AddXyz</c>.</summary>
    public static IServiceCollection AddGatewayStage(this IServiceCollection services, GatewaySlot slot, string name, Action<IApplicationBuilder> configure) =>
        services.AddSingleton(new GatewayStage(slot, name, configure));

    /// <summary>Applies the registered stages in slot order (then registration order within a slot).</summary>
    public static IApplicationBuilder UseGatewayPipeline(this IApplicationBuilder app)
    {
        var stages = app.ApplicationServices.GetServices<GatewayStage>()
            .Select((stage, index) => (stage, index))
            .OrderBy(x => x.stage.Slot)
            .ThenBy(x => x.index);
        foreach (var (stage, _) in stages)
        {
            stage.Configure(app);
        }

        return app;
    }
}
