using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ImageSearch.Core.Embeddings;

/// <summary>
/// Overlaps the CPU work before a model (decode, preprocess) with the model itself: a producer prepares inputs on up to
/// <see cref="EmbeddingPipelineOptions.PrepareWorkers"/> thread-pool threads into a bounded channel, and the consumer runs
/// inference on them one at a time, in input order. So input k+1 is being prepared while input k is in inference.
/// </summary>
/// <remarks>
/// The channel carries the preparation tasks themselves, written in input order: order is kept without a reorder
/// buffer, and the channel's capacity bounds how many prepared inputs (e.g. 600 KB tensors) wait at any time.
/// On a 2-core machine the preparing thread competes with ONNX Runtime's intra-op threads; see docs/performance.md.
/// </remarks>
public static class EmbeddingPipeline
{
    /// <summary>
    /// Yields <paramref name="infer"/>(<paramref name="prepare"/>(input)) for every input, in input order. An exception of
    /// either stage ends the enumeration with that exception; so do cancellation and the caller stopping early, and in
    /// every case the preparation still under way is stopped and awaited before the enumeration ends.
    /// </summary>
    public static async IAsyncEnumerable<TOutput> RunAsync<TInput, TPrepared, TOutput>(
        IEnumerable<TInput> inputs,
        Func<TInput, CancellationToken, TPrepared> prepare,
        Func<TPrepared, CancellationToken, TOutput> infer,
        EmbeddingPipelineOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(infer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PrepareWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);

        var channel = Channel.CreateBounded<Task<TPrepared>>(
            new BoundedChannelOptions(options.Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(inputs, prepare, options.PrepareWorkers, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            // The producer completes the channel with its exception, if any; WaitToReadAsync then throws it.
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (channel.Reader.TryRead(out var preparing))
                {
                    var prepared = await preparing;
                    TOutput output;
                    try
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        output = infer(prepared, cancellationToken);
                    }
                    finally
                    {
                        (prepared as IDisposable)?.Dispose();
                    }

                    yield return output;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await DrainAsync(channel.Reader, producer);
        }
    }

    private static async Task ProduceAsync<TInput, TPrepared>(
        IEnumerable<TInput> inputs,
        Func<TInput, CancellationToken, TPrepared> prepare,
        int workers,
        ChannelWriter<Task<TPrepared>> writer,
        CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(workers, workers);
        var started = new List<Task<TPrepared>>();
        Task<TPrepared>? unwritten = null;
        Exception? error = null;
        try
        {
            foreach (var input in inputs)
            {
                await slots.WaitAsync(cancellationToken);
                unwritten = Task.Run(() =>
                {
                    try
                    {
                        return prepare(input, cancellationToken);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, cancellationToken);
                started.Add(unwritten);
                await writer.WriteAsync(unwritten, cancellationToken);
                unwritten = null;
                started.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            // No preparation may outlive the pipeline (nor the semaphore it releases); one that never reached the channel
            // is disposed here, the ones in the channel by the reader.
            await Task.WhenAll((IEnumerable<Task>)started).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (unwritten is { IsCompletedSuccessfully: true })
            {
                (await unwritten as IDisposable)?.Dispose();
            }

            writer.TryComplete(error);
        }
    }

    /// <summary>After an early end: waits for the producer and disposes prepared inputs nobody will consume.</summary>
    private static async Task DrainAsync<TPrepared>(ChannelReader<Task<TPrepared>> reader, Task producer)
    {
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (reader.TryRead(out var left))
        {
            if (left.IsCompletedSuccessfully)
            {
                (await left as IDisposable)?.Dispose();
            }
        }
    }
}

/// <param name="PrepareWorkers">Inputs prepared at the same time (1 leaves the other core to inference on 2 cores).</param>
/// <param name="Capacity">Prepared inputs that may wait for inference.</param>
public sealed record EmbeddingPipelineOptions(int PrepareWorkers = 1, int Capacity = 2);
