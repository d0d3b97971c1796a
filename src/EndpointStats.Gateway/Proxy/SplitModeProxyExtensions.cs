using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EndpointStats.Gateway.Proxy;

public static class SplitModeProxyExtensions
{
    public static IHostApplicationBuilder AddSplitModeProxy(this IHostApplicationBuilder builder, IReadOnlyList<RemoteRole> remote)
    {
        builder.Services.AddSingleton(remote);
        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfigFactory.Routes(remote), ProxyConfigFactory.Clusters(remote));
        return builder;
    }

    public static IEndpointRouteBuilder MapSplitModeProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) => ProxyErrorProblems.WriteOnErrorAsync(context, () => next()));
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return endpoints;
    }
}
