using System.Security.Cryptography;
using System.Text;
using EndpointStats.Hosting.Analytics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Ingestion;

/// <summary>
/// Guards the internal collect endpoints: <c>X-Ingest-Key</c> must equal <c>Analytics:IngestKey</c> (compared in constant
/// time). With no key configured every HTTP caller is refused: the in-process gateway never comes through HTTP.
/// </summary>
public sealed class IngestKeyFilter(IOptions<AnalyticsOptions> options, ILogger<IngestKeyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.IngestKey;
        var presented = context.HttpContext.Request.Headers[IngestKeyHeader.Name].ToString();
        if (string.IsNullOrEmpty(configured))
        {
            AnalyticsLog.CollectRefused(logger, $"{IngestKeyHeader.Setting} is not set");
            return Refuse($"Collecting over HTTP needs {IngestKeyHeader.Setting} to be configured.");
        }

        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured)))
        {
            AnalyticsLog.CollectRefused(logger, presented.Length == 0 ? $"no {IngestKeyHeader.Name}" : $"wrong {IngestKeyHeader.Name}");
            return Refuse($"A valid {IngestKeyHeader.Name} header is required.");
        }

        return await next(context);
    }

    private static IResult Refuse(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Ingestion key required", detail: detail);
}
