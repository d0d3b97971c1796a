namespace EndpointStats.RateLimiting.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; the bound is generous on purpose (a shared, noisy machine).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Never happened: {what}.");
    }
}
