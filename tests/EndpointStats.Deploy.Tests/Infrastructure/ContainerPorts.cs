namespace EndpointStats.Deploy.Tests.Infrastructure;

internal static class ContainerPorts
{
    /// <summary>A probe's or Service's target port as a number, resolving port names against the container; null when absent.</summary>
    public static int? Resolve(V1Container container, IntOrString port)
    {
        var value = port.Value;
        if (int.TryParse(value, out var number))
        {
            return (container.Ports ?? []).Any(p => p.ContainerPort == number) ? number : null;
        }

        return (container.Ports ?? []).FirstOrDefault(p => p.Name == value)?.ContainerPort;
    }
}
