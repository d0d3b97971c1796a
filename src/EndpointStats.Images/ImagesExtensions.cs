using EndpointStats.Hosting.Accounts;
using EndpointStats.Hosting.Health;
using EndpointStats.Hosting.Metrics;
using EndpointStats.Hosting.Migrations;
using EndpointStats.Images.Api;
using EndpointStats.Images.Cleanup;
using EndpointStats.Images.Storage;
using EndpointStats.Images.Upload;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EndpointStats.Images;

public static class ImagesExtensions
{
    public static MigrationSet Migrations { get; } = MigrationSet.FromEmbeddedResources("images", typeof(ImagesExtensions).Assembly);

    public static IHostApplicationBuilder AddPlatformImages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImagesOptions>()
            .BindConfiguration(ImagesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageFiles>();
        builder.Services.AddSingleton<ImageStore>();
        builder.Services.AddSingleton<UploadReader>();
        builder.Services.AddSingleton<ImageService>();
        builder.Services.AddSingleton<IAccountImages>(sp => sp.GetRequiredService<ImageService>());
        builder.Services.AddSingleton<ImagesMetrics>();
        builder.AddModuleMeter(ImagesMetrics.MeterName);
        builder.Services.AddHealthChecks().AddCheck<ImagesDirectoryHealthCheck>("images", tags: [HealthTags.Ready]);
        builder.Services.AddSingleton<OrphanCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OrphanCleanup>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformImages(this IEndpointRouteBuilder endpoints)
    {
        var files = endpoints.ServiceProvider.GetRequiredService<ImageFiles>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ImagesOptions>>().Value;
        ImagesLog.Directory(endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ImagesExtensions)), files.Root, options.MaxBytes);
        endpoints.MapImages();
        return endpoints;
    }
}
