using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace EndpointStats.Hosting.Http;

public static class OpenApiExtensions
{
    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "EndpointStats";
                document.Info.Description = "Counts, limits and analyses every request to an API.";
                AddMetricsPath(document);
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapPlatformOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }

    // The Prometheus exporter maps a plain request delegate, which the generator cannot see; describe it by hand.
    private static void AddMetricsPath(OpenApiDocument document)
    {
        document.Paths ??= [];
        var operation = new OpenApiOperation
        {
            Summary = "Prometheus metrics in text exposition format",
            OperationId = "Metrics",
            Tags = new HashSet<OpenApiTagReference> { new("Metrics", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "Metrics",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() },
                },
            },
        };
        var path = new OpenApiPathItem();
        path.AddOperation(System.Net.Http.HttpMethod.Get, operation);
        document.Paths["/metrics"] = path;
    }
}
