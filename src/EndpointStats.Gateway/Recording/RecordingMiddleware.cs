using System.Diagnostics;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Http;
using EndpointStats.Hosting.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The outermost gateway slot: after the response (whatever an inner slot decided, a 401 or 429 included) one event goes
/// to the bounded buffer. The user id is read after the inner slots ran, when authentication has set it.
/// Every request passes here, so it avoids what costs without need: no async state machine when the inner slots finish
/// synchronously, one endpoint lookup whose template and probe check are cached per endpoint, and features read through
/// the collection's indexer rather than its generic accessor.
/// </summary>
public sealed class RecordingMiddleware(
    RequestDelegate next, RequestEventChannel channel, RouteTemplates templates, TimeProvider time, IOptions<RecordingOptions> options)
{
    private readonly bool _countBytes = options.Value.CountResponseBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (_countBytes)
        {
            return InvokeCountingAsync(context);
        }

        var started = Stopwatch.GetTimestamp();
        Task inner;
        try
        {
            inner = next(context);
        }
        catch
        {
            // The exception handler outside the gateway turns this into a 500 after we are gone; record that status now.
            Record(context, started, StatusCodes.Status500InternalServerError, null);
            throw;
        }

        if (inner.IsCompletedSuccessfully)
        {
            Record(context, started, context.Response.StatusCode, null);
            return Task.CompletedTask;
        }

        return AwaitAsync(inner, context, started);
    }

    private async Task AwaitAsync(Task inner, HttpContext context, long started)
    {
        try
        {
            await inner;
        }
        catch
        {
            Record(context, started, StatusCodes.Status500InternalServerError, null);
            throw;
        }

        Record(context, started, context.Response.StatusCode, null);
    }

    private async Task InvokeCountingAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var body = CountingResponseBody.Attach(context);
        try
        {
            await next(context);
        }
        catch
        {
            Record(context, started, StatusCodes.Status500InternalServerError, body);
            throw;
        }
        finally
        {
            body?.Detach(context);
        }

        Record(context, started, context.Response.StatusCode, body);
    }

    private void Record(HttpContext context, long started, int status, CountingResponseBody? body)
    {
        if (templates.Resolve(context) is { } route)
        {
            channel.Write(Describe(context, route, Stopwatch.GetElapsedTime(started), status, body));
        }
    }

    private RequestEvent Describe(HttpContext context, string route, TimeSpan elapsed, int status, CountingResponseBody? body)
    {
        var request = context.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        var now = time.GetUtcNow().UtcDateTime;
        var client = ClientAddressFeature.Get(context);
        return new RequestEvent
        {
            Id = RequestEventId.New(now),
            Timestamp = now,
            Route = route,
            Method = request.Method,
            Status = status,
            DurationMs = elapsed.TotalMilliseconds,
            ClientIp = client?.ToString(),
            UserId = PlatformClaims.UserId(context),
            UserAgent = userAgent.Length > RequestEvent.MaxUserAgentLength ? userAgent[..RequestEvent.MaxUserAgentLength] : userAgent,
            PodName = HealthReporter.HostName,
            RequestBytes = request.ContentLength ?? 0,
            // With Analytics:CountResponseBytes the bytes written, chunked bodies included; otherwise the declared Content-Length.
            ResponseBytes = body?.Count ?? context.Response.ContentLength ?? 0,
        };
    }
}
