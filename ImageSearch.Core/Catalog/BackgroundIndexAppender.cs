using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The second stage of a chunked load: a decoder hands chunks of items to <see cref="Add"/> and goes on decoding while a
/// thread of its own appends them, in order, to a new <see cref="CatalogIndexBuilder"/> (fp16 rounding, int8 codes,
/// the local vector file, the columns), so a load keeps two cores busy. At most two chunks wait. A failure of either
/// side stops both: the appender's own exception surfaces in the decoder's next <see cref="Add"/> or in <see cref="Complete"/>.
/// </summary>
internal sealed class BackgroundIndexAppender : IDisposable
{
    private readonly BlockingCollection<List<CatalogItem>> _queue = new(boundedCapacity: 2);
    private readonly CancellationTokenSource _stop;
    private readonly CatalogIndexBuilder _builder = new();
    private readonly Task _appending;
    private ExceptionDispatchInfo? _failure;

    public BackgroundIndexAppender(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _appending = Task.Factory.StartNew(AppendAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues a chunk (waits while two are queued).</summary>
    public void Add(List<CatalogItem> chunk)
    {
        try
        {
            _queue.Add(chunk, _stop.Token);
        }
        catch (OperationCanceledException) when (_failure is not null)
        {
            _failure.Throw();
        }
    }

    /// <summary>Waits for every queued chunk to be appended; returns the builder.</summary>
    public CatalogIndexBuilder Complete()
    {
        _queue.CompleteAdding();
        _appending.GetAwaiter().GetResult();
        _failure?.Throw();
        _stop.Token.ThrowIfCancellationRequested();
        return _builder;
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _stop.Cancel();
        }

        _appending.GetAwaiter().GetResult(); // never throws: failures are kept in _failure
        _stop.Dispose();
        _queue.Dispose();
    }

    private void AppendAll()
    {
        try
        {
            foreach (var chunk in _queue.GetConsumingEnumerable(_stop.Token))
            {
                _builder.Append(chunk);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by the decoder's failure or the caller.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _stop.Cancel();
        }
    }
}
