using EndpointStats.Cluster.History;
using EndpointStats.Cluster.Kube;
using EndpointStats.Cluster.Views;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Cluster.Cache;

/// <summary>Runs one informer per kind and watched namespace for the life of the process.</summary>
public sealed class ClusterWatcher(
    IServiceProvider services,
    IOptions<ClusterOptions> options,
    PodHistoryRecorder history,
    ClusterMetrics metrics,
    TimeProvider time,
    ILogger<ClusterWatcher> logger) : BackgroundService
{
    private KubeApiClient? _client;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving here makes a broken kubeconfig or an unknown context stop start-up, naming the setting.
        var cache = services.GetRequiredService<ClusterCache>();
        if (!cache.Connection.IsConfigured)
        {
            ClusterLog.NotConfigured(logger, "no service account, KUBECONFIG or ~/.kube/config");
            return Task.CompletedTask;
        }

        ClusterLog.Watching(logger, string.Join(",", cache.Connection.Namespaces), cache.Connection.Source, cache.Connection.Config!.Host);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var cache = services.GetRequiredService<ClusterCache>();
        await LoadHistoryAsync(cache, stoppingToken);
        _client = new KubeApiClient(cache.Connection.Config!);
        var runs = cache.Namespaces.Values.SelectMany(ns => Informers(ns, _client, stoppingToken)).ToList();
        await Task.WhenAll(runs);
    }

    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
    }

    private async Task LoadHistoryAsync(ClusterCache cache, CancellationToken cancellationToken)
    {
        var delay = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.Value.MaxBackoffSeconds));
        // Without the last recorded states every pod would get a duplicate row; the database gets a few tries first.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await history.LoadAsync(cache.Connection.Namespaces, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && attempt < 5)
            {
                ClusterLog.HistoryLoadRetry(logger, ex.Message);
                await Task.Delay(delay.Next(), time, cancellationToken);
            }
        }
    }

    private Task[] Informers(NamespaceCache ns, KubeApiClient client, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        Task Run<T, TView>(ResourceKind<T> kind, ResourceStore<TView> store, Func<T, TView> project, InformerState state, IResourceObserver<TView>? observer = null)
            where T : IKubeObject
            where TView : class =>
            new ResourceInformer<T, TView>(kind, ns.Name, client, store, project, state, observer, settings, metrics, time, logger)
                .RunAsync(stoppingToken);

        return
        [
            Run(ResourceKinds.ReplicaSets, ns.ReplicaSets, ReplicaSetView.From, ns.ReplicaSetsState),
            Run(ResourceKinds.Pods, ns.Pods, PodView.From, ns.PodsState, history),
            Run(ResourceKinds.Deployments, ns.Deployments, DeploymentView.From, ns.DeploymentsState),
            Run(ResourceKinds.Events, ns.Events, EventView.From, ns.EventsState),
        ];
    }
}
