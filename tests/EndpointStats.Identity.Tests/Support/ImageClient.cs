using System.Text.Json;

namespace EndpointStats.Identity.Tests.Support;

internal static class ImageClient
{
    public static async Task<JsonElement> UploadAsync(this HttpClient client, byte[] bytes, string fileName = "image.png")
    {
        using var form = TestImages.Form(bytes, fileName);
        using var response = await client.PostAsync("/api/images", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
