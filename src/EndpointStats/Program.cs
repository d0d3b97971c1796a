using System.CommandLine;
using EndpointStats.Commands;

namespace EndpointStats;

/// <summary>The <c>endpoint-stats</c> command line: <c>serve</c> (the default), <c>migrate</c> and <c>version</c>.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args)
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("EndpointStats: counts, limits and analyses every request to an API.")
        {
            serve,
            MigrateCommand.Create(),
            VersionCommand.Create(),
        };
        // No sub-command means serve, so `dotnet run --project src/EndpointStats` starts the platform.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, _) => ServeCommand.RunFromRootAsync(result));

        // The generic host handles SIGTERM itself, with Hosting:ShutdownTimeout; the parser must not cut it short.
        // Unexpected exceptions crash loudly (and the test host's HostAbortedException must pass through).
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        return root.Parse(args).InvokeAsync(invocation);
    }
}
