using System.Net;

namespace EndpointStats.Tests;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="path"/> answers <paramref name="expected"/>, returning the body; the bound is generous on purpose.</summary>
    public static async Task<string> StatusAsync(HttpClient client, string path, HttpStatusCode expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }

            last = $"{(int)response.StatusCode} {body}";
            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} never answered {(int)expected}; last: {last}");
    }
}
