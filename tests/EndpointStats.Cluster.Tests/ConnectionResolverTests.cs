using EndpointStats.Cluster.Connection;
using EndpointStats.Hosting;

namespace EndpointStats.Cluster.Tests;

public sealed class ConnectionResolverTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-kube-").FullName;
    private FakeKubernetesApi _api = null!;
    private string _kubeConfig = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _kubeConfig = _api.WriteKubeConfig(_directory);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void Resolve_NothingAnywhere_NotConfiguredWatchingDefault()
    {
        var connection = ClusterConnectionResolver.Resolve(new ClusterOptions(), Environment(home: _directory));

        Assert.False(connection.IsConfigured);
        Assert.Equal(["default"], connection.Namespaces);
    }

    [Fact]
    public void Resolve_KubeconfigVariable_UsesItsCurrentContextAndNamespace()
    {
        var connection = ClusterConnectionResolver.Resolve(new ClusterOptions(), Environment(kubeconfig: $"/nonexistent/config:{_kubeConfig}"));

        Assert.True(connection.IsConfigured);
        Assert.Equal(_api.Address.ToString().TrimEnd('/'), connection.Config!.Host.TrimEnd('/'));
        Assert.Equal([Fixtures.Namespace], connection.Namespaces);
    }

    [Fact]
    public void Resolve_HomeKubeDirectory_UsedWithoutVariable()
    {
        var home = Directory.CreateTempSubdirectory("es-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        File.Copy(_kubeConfig, Path.Combine(home, ".kube", "config"));

        var connection = ClusterConnectionResolver.Resolve(new ClusterOptions(), Environment(home: home));

        Assert.True(connection.IsConfigured);
        Assert.Contains(Path.Combine(home, ".kube", "config"), connection.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ContextSetting_SelectsThatContextsNamespace()
    {
        var connection = ClusterConnectionResolver.Resolve(new ClusterOptions { Context = "other" }, Environment(kubeconfig: _kubeConfig));

        Assert.Equal(["other"], connection.Namespaces);
        Assert.Equal("other", connection.Config!.CurrentContext);
    }

    [Fact]
    public void Resolve_NamespacesSetting_WinsOverContext()
    {
        var options = new ClusterOptions { Namespaces = ["shop", " payments ", "shop"] };

        var connection = ClusterConnectionResolver.Resolve(options, Environment(kubeconfig: _kubeConfig));

        Assert.Equal(["shop", "payments"], connection.Namespaces);
    }

    [Fact]
    public void Resolve_UnknownContext_StopsStartNamingTheSetting()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() =>
            ClusterConnectionResolver.Resolve(new ClusterOptions { Context = "nope" }, Environment(kubeconfig: _kubeConfig)));

        Assert.Equal("Cluster:Context", error.Setting);
    }

    [Fact]
    public void Resolve_ExplicitFileMissing_StopsStartNamingTheSetting()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() =>
            ClusterConnectionResolver.Resolve(new ClusterOptions { KubeConfig = "/nonexistent/kubeconfig" }, Environment()));

        Assert.Equal("Cluster:KubeConfig", error.Setting);
    }

    private static ClusterEnvironment Environment(string? kubeconfig = null, string? home = null) =>
        new(name => name == "KUBECONFIG" ? kubeconfig : null, home, InCluster: false);
}
