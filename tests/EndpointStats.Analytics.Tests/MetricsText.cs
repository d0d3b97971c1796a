using System.Globalization;

namespace EndpointStats.Analytics.Tests;

/// <summary>Reads a value out of a <c>/metrics</c> (Prometheus text) answer.</summary>
internal static class MetricsText
{
    public static async Task<double> ReadAsync(HttpClient client, string name)
    {
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
