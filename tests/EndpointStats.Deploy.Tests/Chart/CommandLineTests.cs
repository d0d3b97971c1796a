using EndpointStats.Hosting.Roles;

namespace EndpointStats.Deploy.Tests.Chart;

/// <summary>Every platform container in the chart runs a command line the real binary accepts, for a role it knows.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task PlatformContainers_RunCommandsTheBinaryAccepts(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        foreach (var pod in chart.PodTemplates)
        {
            foreach (var container in pod.AllContainers.Where(c => c.Image.StartsWith("endpoint-stats:", StringComparison.Ordinal)))
            {
                Assert.NotNull(container.Command);
                await Binary.AssertValidCommandLineAsync([.. container.Command, .. container.Args ?? []], $"{pod.Id}/{container.Name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Helm.ValuesFiles), MemberType = typeof(Helm))]
    public async Task EachRoleDeployment_ServesExactlyItsRole_UnderTheBinarysServiceKey(string valuesFile)
    {
        var chart = await Helm.RenderAsync(valuesFile);

        Assert.Equal(PlatformRoles.Every.Select(r => r.Name).Order(), Roles.All.Order());
        foreach (var role in PlatformRoles.Every)
        {
            var container = chart.Get<V1Deployment>(RenderedChart.Name(role.Name)).Spec.Template.Spec.Containers[0];
            Assert.Equal(["serve"], container.Command.Skip(1));
            Assert.Equal(["--role", role.Name], container.Args);
            Assert.Equal(role.UsesDatabase, Roles.UsingDatabase.Contains(role.Name));
            if (role != PlatformRoles.Gateway)
            {
                Assert.Equal(role.ServiceKey, Roles.ServiceKeys[role.Name]);
            }
        }
    }
}
