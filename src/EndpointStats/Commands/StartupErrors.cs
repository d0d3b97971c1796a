using System.Data.Common;
using System.Net.Sockets;
using EndpointStats.Hosting;
using EndpointStats.Hosting.Migrations;
using Microsoft.Extensions.Options;

namespace EndpointStats.Commands;

/// <summary>Failures that stop start-up with a message for the operator instead of a stack trace.</summary>
internal static class StartupErrors
{
    public static bool IsOperatorError(Exception ex) =>
        ex is InvalidConfigurationException or OptionsValidationException or SchemaOutdatedException
            or DbException or SocketException or TimeoutException;

    public static int Report(Exception ex)
    {
        var message = ex switch
        {
            OptionsValidationException validation => $"Invalid configuration: {string.Join("; ", validation.Failures)}",
            // A refused password or an unreachable server after Storage:StartupWaitSeconds: say which, without a stack trace.
            DbException or SocketException or TimeoutException => $"Database not usable: {ex.Message}",
            _ => ex.Message,
        };
        Console.Error.WriteLine($"endpoint-stats: {message}");
        return ExitCodes.Failure;
    }
}
