using EndpointStats.RateLimiting.Http;
using Microsoft.Extensions.Hosting;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>Loads the rules (and the trusted proxies) at start, so invalid ones stop start-up instead of failing the first request.</summary>
internal sealed class RulesStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = (RuleProvider)services.GetService(typeof(RuleProvider))!;
        _ = (ClientAddressResolver)services.GetService(typeof(ClientAddressResolver))!;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
