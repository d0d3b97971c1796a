using System.Runtime.InteropServices;

namespace EndpointStats.RateLimiting.Benchmarks;

/// <summary>Sleeps for less than a millisecond (Thread.Sleep rounds to whole milliseconds), without spinning.</summary>
internal static partial class Pause
{
    public static void Microseconds(uint microseconds)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = USleep(microseconds);
        }
        else
        {
            Thread.Sleep(1);
        }
    }

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}
