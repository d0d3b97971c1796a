using EndpointStats.Analytics.Storage;

namespace EndpointStats.Analytics.Tests;

/// <summary>The SQLite writer's own thread: work runs there, one item at a time in order, and its outcome reaches the caller.</summary>
public sealed class WriterThreadTests
{
    [Fact]
    public async Task RunAsync_ManyCallers_RunsEachOnceInArrivalOrderOnOneThreadOfItsOwn()
    {
        using var writer = new WriterThread("test-writer");
        var order = new List<int>();
        var threads = new HashSet<int>();
        var running = 0;
        var overlapped = false;

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => writer.RunAsync(() =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            order.Add(i);
            threads.Add(Environment.CurrentManagedThreadId);
            Thread.SpinWait(1_000);
            Interlocked.Decrement(ref running);
            return i * 2;
        }, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 2), results);
        Assert.Equal(Enumerable.Range(0, 200), order);
        Assert.False(overlapped);
        var thread = Assert.Single(threads);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_TheCallerGetsTheExceptionAndLaterWorkStillRuns()
    {
        using var writer = new WriterThread("test-writer");

        var failed = writer.RunAsync<int>(() => throw new InvalidOperationException("disk full"), CancellationToken.None);
        var next = writer.RunAsync(() => 7, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal("disk full", ex.Message);
        Assert.Equal(7, await next);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItStarts_DoesNotRunTheWork()
    {
        using var writer = new WriterThread("test-writer");
        using var gate = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var blocker = writer.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var cancelled = writer.RunAsync(() => ran = true, cancel.Token);
        cancel.Cancel();
        gate.Set();

        Assert.True(await blocker);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
    }

    [Fact]
    public async Task Dispose_RunsWhatIsQueuedThenRefusesNewWork()
    {
        var writer = new WriterThread("test-writer");
        using var gate = new ManualResetEventSlim();
        var blocker = writer.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var queued = writer.RunAsync(() => 42, CancellationToken.None);

        gate.Set();
        writer.Dispose();

        Assert.True(await blocker);
        Assert.Equal(42, await queued);
        Assert.Throws<ObjectDisposedException>(() => { _ = writer.RunAsync(() => 1, CancellationToken.None); });
    }
}
