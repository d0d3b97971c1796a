using System.Collections.Concurrent;

namespace EndpointStats.Analytics.Storage;

/// <summary>
/// One thread of its own that runs a store's synchronous write work, one item at a time in arrival order. SQLite has a
/// single writer whose work (a batch of thousands of rows) holds a thread for milliseconds: done on the thread pool it
/// would take one of the few workers (two on a two-core pod) away from requests for that long, and the pool would react
/// by injecting threads. Callers await the result, so nothing blocks on their side.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;

    public WriterThread(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="work"/>; a token cancelled before the work starts cancels it, once started it runs to the end.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                result.TrySetResult(work());
            }
            catch (Exception ex)
            {
                result.TrySetException(ex);
            }
        }, CancellationToken.None);
        return result.Task;
    }

    private void Run()
    {
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }

    /// <summary>Runs what is queued, then ends the thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _queue.Dispose();
    }
}
