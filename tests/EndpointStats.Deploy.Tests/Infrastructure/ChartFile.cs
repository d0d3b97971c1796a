using System.Text.RegularExpressions;

namespace EndpointStats.Deploy.Tests.Infrastructure;

internal static partial class ChartFile
{
    public static string AppVersion { get; } = AppVersionLine().Match(Repo.Read("deploy", "helm", "endpoint-stats", "Chart.yaml")).Groups[1].Value;

    [GeneratedRegex("^appVersion: \"?([^\"\\s]+)\"?", RegexOptions.Multiline)]
    private static partial Regex AppVersionLine();
}
