using EndpointStats.Testing;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>The real endpoint-stats binary: its help output is the list of commands and options deployments may use.</summary>
internal static class Binary
{
    private static readonly Dictionary<string, Lazy<Task<string>>> Help = new()
    {
        [""] = new(() => RunHelpAsync()),
        ["serve"] = new(() => RunHelpAsync("serve")),
        ["migrate"] = new(() => RunHelpAsync("migrate")),
        ["version"] = new(() => RunHelpAsync("version")),
    };

    public static Task<string> HelpAsync(string command = "") =>
        Help.TryGetValue(command, out var help) ? help.Value : throw new InvalidOperationException($"'{command}' is not a command of endpoint-stats");

    /// <summary>Fails unless <paramref name="argv"/> (starting with the executable) is a command line the binary accepts.</summary>
    public static async Task AssertValidCommandLineAsync(IReadOnlyList<string> argv, string where)
    {
        Assert.True(argv.Count >= 2 && argv[0] == "endpoint-stats", $"{where}: '{string.Join(' ', argv)}' does not run endpoint-stats <command>");
        Assert.True((await CommandsAsync()).Contains(argv[1]), $"{where}: '{argv[1]}' is not in endpoint-stats --help");
        var help = await HelpAsync(argv[1]);
        for (var i = 2; i < argv.Count; i++)
        {
            var token = argv[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Contains(':', StringComparison.Ordinal))
            {
                continue; // option values and --Section:Key=value configuration overrides
            }

            Assert.True(help.Contains(token.Split('=')[0], StringComparison.Ordinal), $"{where}: option {token} is not in endpoint-stats {argv[1]} --help");
            if (token == "--role")
            {
                var roles = argv[i + 1].Split(',');
                Assert.All(roles, r => Assert.Contains(r, EndpointStats.Hosting.Roles.PlatformRoles.Every.Select(x => x.Name).Append("all")));
            }
        }
    }

    /// <summary>The names listed under "Commands:" in the root help.</summary>
    public static async Task<IReadOnlySet<string>> CommandsAsync()
    {
        var lines = (await HelpAsync()).Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0);
        return lines.Select(l => l.Trim().Split(' ')[0]).ToHashSet();
    }

    private static async Task<string> RunHelpAsync(params string[] command)
    {
        var dll = typeof(EndpointStats.Program).Assembly.Location;
        var (code, output) = await ProcessRunner.RunAsync("dotnet", [dll, .. command, "--help"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        return output;
    }
}
