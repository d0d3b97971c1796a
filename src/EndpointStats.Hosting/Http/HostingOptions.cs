using System.ComponentModel.DataAnnotations;

namespace EndpointStats.Hosting.Http;

/// <summary>The <c>Hosting</c> configuration section.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>How long SIGTERM waits for in-flight requests and buffer flushes; keep it under the pod's grace period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Hosting:ShutdownTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);
}
