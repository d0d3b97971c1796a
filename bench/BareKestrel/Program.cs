using System.Text.Json;

// The baseline for bench/gateway.sh: Kestrel with nothing but one handler writing the same welcome JSON,
// serialised once up front (the strictest baseline: no routing, no middleware, no metrics, no per-request work).
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();
var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
{
    ["message"] = "Welcome to the API Access Tracker",
    ["pod"] = Environment.MachineName,
    ["timestamp"] = DateTime.UtcNow,
    ["from_cache"] = true,
});
app.Run(context =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
app.Run();
