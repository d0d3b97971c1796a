namespace EndpointStats.RateLimiting.Engine;

/// <summary>
/// A store that ends every decision it does not answer at once within <see cref="AnswerWithin"/> (give or take a quarter of it),
/// answered or failed with a <see cref="TimeoutException"/>. The engine then awaits it as it is, without a timer per decision.
/// </summary>
internal interface ISelfTimedStore
{
    /// <summary><see cref="Timeout.InfiniteTimeSpan"/>: no bound, the engine times the store itself.</summary>
    TimeSpan AnswerWithin { get; }
}
