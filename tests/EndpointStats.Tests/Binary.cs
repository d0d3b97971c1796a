namespace EndpointStats.Tests;

/// <summary>The built <c>endpoint-stats</c> binary, run as a separate process like an operator would.</summary>
internal static class Binary
{
    public static string Path { get; } = typeof(Program).Assembly.Location;

    public static Task<(int ExitCode, string Output)> RunAsync(string[] args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [Path, .. args], workingDirectory, environment, TimeSpan.FromSeconds(60));
}
