using System.Collections.Concurrent;

namespace ImageSearch.Core.Embeddings;

/// <summary>
/// Runs background CPU work (catalog imports' and the backfill's decoding and model inference) on threads of its own
/// instead of the thread pool that serves searches. On the thread pool a bulk import's blocking work items (20–40 ms of
/// decoding or inference each, several at a time) occupied the few pool threads of a 2-core instance, and the searches'
/// continuations queued behind them until the pool's starvation injection added a thread: searches during a bulk import
/// stalled for 300–500 ms (docs/performance.md §5c). With its own threads, the background work competes with searches
/// for the processors only, as the operating system shares them, never for the threads searches run on.
/// </summary>
/// <remarks>
/// Work started here continues here after an <c>await</c> (the app never uses <c>ConfigureAwait(false)</c>), and a
/// task this scheduler queued runs inline when one of its threads waits for it, so the scheduler's own work never
/// waits for a free thread of it.
/// </remarks>
public sealed class BackgroundWorkScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;

    /// <param name="threads">Dedicated threads (at least 1).</param>
    /// <param name="name">Their name (in dumps and profilers).</param>
    public BackgroundWorkScheduler(int threads, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = [.. Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"{name} {i + 1}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Whether the calling thread is one of this scheduler's.</summary>
    public bool IsOwnThread => Array.IndexOf(_threads, Thread.CurrentThread) >= 0;

    /// <summary>Lets the threads finish the work queued so far and end; later work runs on the thread pool.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads.Where(t => t != Thread.CurrentThread))
        {
            thread.Join();
        }

        _queue.Dispose();
    }

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Disposed (the app is stopping): a continuation of work still under way runs on the thread pool instead.
            ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => IsOwnThread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Work()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task); // false when it already ran inline
        }
    }
}
