using System.Diagnostics;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The outermost gateway slot: after the response (whatever an inner slot decided, a 401 or 429 included) one event goes
/// to the bounded buffer. The user id is read after the inner slots ran, when authentication has set it.
/// </summary>
public sealed class RecordingMiddleware(RequestDelegate next, RequestEventChannel channel, RouteTemplates templates, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch
        {
            // The exception handler outside the gateway turns this into a 500 after we are gone; record that status now.
            Record(context, started, StatusCodes.Status500InternalServerError);
            throw;
        }

        Record(context, started, context.Response.StatusCode);
    }

    private void Record(HttpContext context, long started, int status)
    {
        if (!ProbeEndpointMetadata.IsProbe(context))
        {
            channel.Write(Describe(context, Stopwatch.GetElapsedTime(started), status));
        }
    }

    private RequestEvent Describe(HttpContext context, TimeSpan elapsed, int status)
    {
        var request = context.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        var now = time.GetUtcNow().UtcDateTime;
        return new RequestEvent
        {
            Id = RequestEventId.New(now),
            Timestamp = now,
            Route = templates.Resolve(context),
            Method = request.Method,
            Status = status,
            DurationMs = elapsed.TotalMilliseconds,
            ClientIp = ClientAddressFeature.Get(context)?.ToString(),
            UserId = context.User.FindFirst("sub")?.Value,
            UserAgent = userAgent.Length > RequestEvent.MaxUserAgentLength ? userAgent[..RequestEvent.MaxUserAgentLength] : userAgent,
            PodName = HealthReporter.HostName,
            RequestBytes = request.ContentLength ?? 0,
            // Content-Length when the response declared one; counting chunked bodies would cost a stream wrapper per request.
            ResponseBytes = context.Response.ContentLength ?? 0,
        };
    }
}
