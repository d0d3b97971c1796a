using Microsoft.AspNetCore.Builder;

namespace EndpointStats.Analytics.Tests;

/// <summary>An analytics role on a real port and a gateway-only platform that ships its events there.</summary>
internal static class SplitMode
{
    public const string Key = "split-key";

    public static async Task<WebApplication> StartAnalyticsAsync(TestStorage storage, int port, string key = Key)
    {
        var args = storage.Settings.Select(kv => $"--{kv.Key}={kv.Value}")
            .Concat(["--Platform:Roles=analytics", $"--Analytics:IngestKey={key}", "--Security:AnonymousDashboards=true", $"--urls=http://127.0.0.1:{port}"]).ToArray();
        var app = PlatformApplication.Build(args);
        await app.StartAsync();
        return app;
    }

    public static PlatformFactory Gateway(int analyticsPort, IReadOnlyDictionary<string, string?>? extra = null, string key = Key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Platform:Roles"] = "gateway",
            ["Services:Analytics:Url"] = $"http://127.0.0.1:{analyticsPort}",
            ["Analytics:IngestKey"] = key,
            ["Analytics:BatchLingerMilliseconds"] = "100",
            ["Analytics:MaxRetryDelayMilliseconds"] = "1000",
            ["Analytics:StatsCacheSeconds"] = "0",
            ["RateLimiting:ShadowMode"] = "true",
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("es-gw-").FullName,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        return new PlatformFactory(settings);
    }
}
