using System.Text.Json;

namespace EndpointStats.Identity.Tests.Support;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
