using EndpointStats.Cluster.Kube;

namespace EndpointStats.Cluster.Views;

/// <summary>
/// The STATUS, READY and RESTARTS columns exactly as <c>kubectl get pods</c> prints them: a port of <c>printPod</c> in
/// kubernetes/pkg/printers/internalversion/printers.go, including restartable init containers (sidecars).
/// </summary>
public static class PodStatus
{
    public static (string Status, int Ready, int Total, int Restarts) Of(Pod pod)
    {
        var spec = pod.Spec;
        var status = pod.Status;
        var phase = status?.Phase ?? "Unknown";
        var reason = string.IsNullOrEmpty(status?.Reason) ? phase : status.Reason;
        var total = spec?.Containers?.Count ?? 0;
        var ready = 0;
        var restarts = 0;
        var sidecarRestarts = 0;

        if (status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated") == true)
        {
            reason = "SchedulingGated";
        }

        var initContainers = (spec?.InitContainers ?? []).Where(c => c.Name is not null).ToDictionary(c => c.Name!, StringComparer.Ordinal);
        total += initContainers.Values.Count(IsSidecar);

        var initializing = false;
        var initStatuses = status?.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += container.RestartCount;
            var sidecar = container.Name is { } name && initContainers.TryGetValue(name, out var definition) && IsSidecar(definition);
            if (sidecar)
            {
                sidecarRestarts += container.RestartCount;
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is { ExitCode: 0 })
            {
                continue;
            }

            if (sidecar && container.Started == true)
            {
                ready += container.Ready ? 1 : 0;
                continue;
            }

            reason = terminated is not null
                ? "Init:" + TerminatedReason(terminated)
                : waiting is not null && !string.IsNullOrEmpty(waiting.Reason) && waiting.Reason != "PodInitializing"
                    ? "Init:" + waiting.Reason
                    : $"Init:{i}/{spec?.InitContainers?.Count ?? 0}";
            initializing = true;
            break;
        }

        if (!initializing || status?.Conditions?.Any(c => c.Type == "Initialized" && c.Status == "True") == true)
        {
            restarts = sidecarRestarts;
            var hasRunning = false;
            var statuses = status?.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                var state = container.State;
                if (!string.IsNullOrEmpty(state?.Waiting?.Reason))
                {
                    reason = state.Waiting.Reason;
                }
                else if (state?.Terminated is { } terminated)
                {
                    reason = TerminatedReason(terminated);
                }
                else if (container.Ready && state?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A pod whose main container completed while another still runs is still serving.
            if (reason == "Completed" && hasRunning)
            {
                reason = status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            if (status?.Reason == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        return (reason, ready, total, restarts);
    }

    private static string TerminatedReason(ContainerStateTerminated terminated) =>
        !string.IsNullOrEmpty(terminated.Reason) ? terminated.Reason
        : terminated.Signal is { } signal and not 0 ? $"Signal:{signal}"
        : $"ExitCode:{terminated.ExitCode}";

    private static bool IsSidecar(ContainerSpec container) => container.RestartPolicy == "Always";
}
