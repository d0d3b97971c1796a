using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;
using EndpointStats.Hosting.Analytics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EndpointStats.Analytics.Ingestion;

/// <summary><c>POST /api/analytics/collect</c> (one seed-style event) and <c>/collect/batch</c> (the gateway's batches). Internal: ingestion key required.</summary>
public static class CollectApi
{
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public static RouteGroupBuilder MapCollect(this IEndpointRouteBuilder endpoints)
    {
        // Its own group (not the query group) so that a policy attached to the queries does not apply to ingestion.
        var group = endpoints.MapGroup("/api/analytics").WithTags("Analytics ingestion").AddEndpointFilter<IngestKeyFilter>();
        group.MapPost("/collect", CollectOneAsync).WithName("AnalyticsCollect").Accepts<JsonElement>("application/json");
        group.MapPost("/collect/batch", CollectBatchAsync).WithName("AnalyticsCollectBatch").Accepts<List<RequestEvent>>("application/json");
        return group;
    }

    private static async Task<Results<Ok<CollectResult>, ValidationProblem>> CollectOneAsync(
        HttpRequest request, EventIngestor ingestor, IOptions<AnalyticsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxEventBytes;
        using var body = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > limit)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Larger than {limit} bytes."] });
            }
        }

        var errors = new Dictionary<string, string[]>();
        RequestEvent? item = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            item = SeedEventParser.Parse(document.RootElement, errors);
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"Not valid JSON: {ex.Message}"];
        }

        if (item is not null && item.Timestamp > time.GetUtcNow().UtcDateTime + FutureTolerance)
        {
            errors["timestamp"] = ["Lies more than a day in the future."];
        }

        if (errors.Count > 0 || item is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = await ingestor.StoreAsync([item], cancellationToken);
        return TypedResults.Ok(new CollectResult(1, stored, 1 - stored));
    }

    private static async Task<Results<Ok<CollectResult>, ValidationProblem>> CollectBatchAsync(
        HttpContext context, EventIngestor ingestor, IOptions<AnalyticsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBatchBytes;
        if (context.Request.ContentLength > limit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Larger than {limit} bytes."] });
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        // The whole body is buffered in the request pipe (bounded by the limit above) and parsed in one synchronous pass.
        var pipe = context.Request.BodyReader;
        ReadResult read;
        while (!(read = await pipe.ReadAsync(cancellationToken)).IsCompleted)
        {
            pipe.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var parseErrors = new Dictionary<string, string[]>();
        List<RequestEvent>? batch;
        try
        {
            batch = RequestEventBatchReader.Read(read.Buffer, parseErrors);
        }
        finally
        {
            pipe.AdvanceTo(read.Buffer.End);
        }

        if (batch is null)
        {
            return TypedResults.ValidationProblem(parseErrors);
        }

        var errors = Validate(batch, time.GetUtcNow().UtcDateTime + FutureTolerance);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = await ingestor.StoreAsync(batch, cancellationToken);
        return TypedResults.Ok(new CollectResult(batch.Count, stored, batch.Count - stored));
    }

    private static Dictionary<string, string[]> Validate(List<RequestEvent> batch, DateTime latest)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < batch.Count && errors.Count < 20; i++)
        {
            var e = batch[i];
            if (e.Id == Guid.Empty)
            {
                errors[$"[{i}].id"] = ["Required."];
            }

            if (string.IsNullOrEmpty(e.Route))
            {
                errors[$"[{i}].route"] = ["Required."];
            }

            if (string.IsNullOrEmpty(e.Method))
            {
                errors[$"[{i}].method"] = ["Required."];
            }

            if (e.Timestamp == default || e.Timestamp.ToUniversalTime() > latest)
            {
                errors[$"[{i}].timestamp"] = ["Required, and not more than a day in the future."];
            }

            if (e.Timestamp.Kind != DateTimeKind.Utc)
            {
                batch[i] = e with { Timestamp = e.Timestamp.Kind == DateTimeKind.Local ? e.Timestamp.ToUniversalTime() : DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc) };
            }
        }

        return errors;
    }
}

/// <summary>What a collect call stored: replays of known ids count as duplicates.</summary>
public sealed record CollectResult(
    [property: JsonPropertyName("received")] int Received,
    [property: JsonPropertyName("stored")] int Stored,
    [property: JsonPropertyName("duplicates")] int Duplicates);
