namespace EndpointStats.Analytics.Tests;

internal static class Poll
{
    /// <summary>Re-evaluates <paramref name="probe"/> until it holds; the bound is generous because the machine is shared.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = await probe();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            last = await probe();
        }

        return last;
    }
}
