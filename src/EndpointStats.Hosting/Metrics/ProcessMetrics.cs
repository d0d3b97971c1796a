using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EndpointStats.Hosting.Metrics;

/// <summary>
/// Process metrics following OpenTelemetry's semantic conventions (<c>process.*</c>); the runtime's own
/// <c>System.Runtime</c> meter covers GC, JIT and the thread pool.
/// </summary>
public sealed class ProcessMetrics : IDisposable
{
    public const string MeterName = "EndpointStats.Process";

    private readonly Meter _meter;

    public ProcessMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        var startTime = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        _meter.CreateObservableCounter("process.cpu.time", ObserveCpu, "s", "CPU time used by the process, by mode.");
        _meter.CreateObservableUpDownCounter("process.memory.usage", () => Environment.WorkingSet, "By", "Resident memory of the process.");
        _meter.CreateObservableUpDownCounter("process.memory.virtual", () => Current().VirtualMemorySize64, "By", "Virtual memory of the process.");
        _meter.CreateObservableUpDownCounter("process.thread.count", () => Current().Threads.Count, "{thread}", "Threads of the process.");
        _meter.CreateObservableUpDownCounter("process.open_file_descriptor.count", CountFileDescriptors, "{file_descriptor}", "Open file descriptors.");
        _meter.CreateObservableGauge("process.uptime", () => (DateTime.UtcNow - startTime).TotalSeconds, "s", "Time since the process started.");
    }

    public void Dispose() => _meter.Dispose();

    private static Process Current()
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        return process;
    }

    private static IEnumerable<Measurement<double>> ObserveCpu()
    {
        using var process = Process.GetCurrentProcess();
        return
        [
            new Measurement<double>(process.UserProcessorTime.TotalSeconds, new KeyValuePair<string, object?>("cpu.mode", "user")),
            new Measurement<double>(process.PrivilegedProcessorTime.TotalSeconds, new KeyValuePair<string, object?>("cpu.mode", "system")),
        ];
    }

    private static long CountFileDescriptors()
    {
        const string fdDirectory = "/proc/self/fd";
        return Directory.Exists(fdDirectory) ? Directory.EnumerateFileSystemEntries(fdDirectory).LongCount() : 0;
    }
}
