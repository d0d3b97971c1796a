using System.Diagnostics;
using EndpointStats.Hosting.Analytics;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.Options;

namespace EndpointStats.Gateway.Recording;

/// <summary>
/// The outermost gateway slot: after the response (whatever an inner slot decided, a 401 or 429 included) one event goes
/// to the bounded buffer. The user id is read after the inner slots ran, when authentication has set it.
/// </summary>
public sealed class RecordingMiddleware(
    RequestDelegate next, RequestEventChannel channel, RouteTemplates templates, TimeProvider time, IOptions<RecordingOptions> options)
{
    private readonly bool _countBytes = options.Value.CountResponseBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var body = _countBytes ? CountBody(context) : null;
        try
        {
            await next(context);
        }
        catch
        {
            // The exception handler outside the gateway turns this into a 500 after we are gone; record that status now.
            Record(context, started, StatusCodes.Status500InternalServerError, body);
            throw;
        }
        finally
        {
            if (body is not null)
            {
                context.Features.Set(body.Inner);
            }
        }

        Record(context, started, context.Response.StatusCode, body);
    }

    private static CountingResponseBody? CountBody(HttpContext context)
    {
        if (context.Features.Get<IHttpResponseBodyFeature>() is not { } inner)
        {
            return null;
        }

        var counting = new CountingResponseBody(inner);
        context.Features.Set<IHttpResponseBodyFeature>(counting);
        return counting;
    }

    private void Record(HttpContext context, long started, int status, CountingResponseBody? body)
    {
        if (!ProbeEndpointMetadata.IsProbe(context))
        {
            channel.Write(Describe(context, Stopwatch.GetElapsedTime(started), status, body));
        }
    }

    private RequestEvent Describe(HttpContext context, TimeSpan elapsed, int status, CountingResponseBody? body)
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
            // Through the feature: HttpContext.User would allocate an empty principal for every anonymous request.
            UserId = context.Features.Get<IHttpAuthenticationFeature>()?.User?.FindFirst("sub")?.Value,
            UserAgent = userAgent.Length > RequestEvent.MaxUserAgentLength ? userAgent[..RequestEvent.MaxUserAgentLength] : userAgent,
            PodName = HealthReporter.HostName,
            RequestBytes = request.ContentLength ?? 0,
            // With Analytics:CountResponseBytes the bytes written, chunked bodies included; otherwise the declared Content-Length.
            ResponseBytes = body?.Count ?? context.Response.ContentLength ?? 0,
        };
    }
}
