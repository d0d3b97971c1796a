using System.CommandLine;
using System.Reflection;

namespace EndpointStats.Commands;

internal static class VersionCommand
{
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static Command Create()
    {
        var command = new Command("version", "Print the version and exit.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"endpoint-stats {Version} (.NET {Environment.Version})");
            return ExitCodes.Success;
        });
        return command;
    }
}
