using System.Net;

namespace EndpointStats.RateLimiting.Tests.Support;

internal static class Requests
{
    /// <summary>The statuses of <paramref name="count"/> sequential GETs.</summary>
    public static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
