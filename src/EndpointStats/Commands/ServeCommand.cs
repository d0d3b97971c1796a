using System.CommandLine;
using EndpointStats.Hosting.Roles;

namespace EndpointStats.Commands;

internal static class ServeCommand
{
    private static readonly Option<string> RoleOption = new("--role")
    {
        Description = $"Roles to run: 'all' or a comma-separated list of {string.Join(", ", PlatformRoles.Every.Select(r => r.Name))}.",
        DefaultValueFactory = _ => PlatformRoles.All,
    };

    private static readonly Option<string?> UrlsOption = new("--urls")
    {
        Description = $"Addresses to listen on, separated by ';' (default {PlatformApplication.DefaultUrl}).",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run the platform (all roles by default). Extra --Section:Key=value arguments override configuration.")
        {
            RoleOption,
            UrlsOption,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, _) => RunAsync(result));
        return command;
    }

    /// <summary>The root command runs serve, but only when every stray token is a configuration override.</summary>
    public static Task<int> RunFromRootAsync(ParseResult result)
    {
        if (result.UnmatchedTokens.Count > 0 && !result.UnmatchedTokens[0].StartsWith('-'))
        {
            Console.Error.WriteLine($"endpoint-stats: unknown command '{result.UnmatchedTokens[0]}'. Run 'endpoint-stats --help'.");
            return Task.FromResult(ExitCodes.Usage);
        }

        return RunHostAsync(result.UnmatchedTokens.ToArray());
    }

    private static Task<int> RunAsync(ParseResult result)
    {
        var roles = result.GetValue(RoleOption);
        if (!PlatformRoles.TryParse(roles, out _, out var error))
        {
            Console.Error.WriteLine($"endpoint-stats: {error}");
            return Task.FromResult(ExitCodes.Usage);
        }

        var args = result.UnmatchedTokens.Append($"--{PlatformApplication.RolesSetting}={roles}");
        if (result.GetValue(UrlsOption) is { Length: > 0 } urls)
        {
            args = args.Append($"--urls={urls}");
        }

        return RunHostAsync(args.ToArray());
    }

    // The parser's cancellation token is deliberately not used: the host's own lifetime handles SIGTERM so that
    // in-flight requests and buffers get Hosting:ShutdownTimeout to finish.
    private static async Task<int> RunHostAsync(string[] hostArgs)
    {
        try
        {
            await using var app = PlatformApplication.Build(hostArgs);
            await app.RunAsync();
            return ExitCodes.Success;
        }
        catch (Exception ex) when (StartupErrors.IsOperatorError(ex))
        {
            return StartupErrors.Report(ex);
        }
        catch (Exception ex) when (ex.InnerException is { } inner && StartupErrors.IsOperatorError(inner))
        {
            return StartupErrors.Report(inner);
        }
    }
}
