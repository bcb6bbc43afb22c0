using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ImageSearch.Core.Embeddings;

/// <summary>
/// Overlaps the work before a model (read, decode, preprocess) with the model itself: inputs are prepared on up to
/// <see cref="EmbeddingPipelineOptions.PrepareWorkers"/> threads and run through the model on up to
/// <see cref="EmbeddingPipelineOptions.InferenceWorkers"/> (threads of <see cref="EmbeddingPipelineOptions.Scheduler"/>:
/// the thread pool, or the background threads of a <see cref="BackgroundWorkScheduler"/>), while the outputs come out in input order. So input k+1 is
/// being prepared while input k is in inference. The catalog backfill embeds stored items through it.
/// </summary>
/// <remarks>
/// Each input becomes one task (prepare, then infer), written in input order to a bounded channel that the caller reads:
/// order is kept without a reorder buffer, and the channel's capacity bounds how many inputs (e.g. 600 KB tensors) are
/// in flight. Two semaphores bound each stage's concurrency. On 2 cores, prefer one-thread model sessions with 2
/// inference workers to one two-thread session: see docs/performance.md.
/// </remarks>
public static class EmbeddingPipeline
{
    /// <summary>
    /// Yields <paramref name="infer"/>(<paramref name="prepare"/>(input)) for every input, in input order; a prepared
    /// value that is <see cref="IDisposable"/> is disposed after its inference. An exception of either stage ends the
    /// enumeration with that exception (after the outputs of the earlier inputs); so do cancellation and the caller
    /// stopping early, and in every case the work still under way is stopped and awaited before the enumeration ends.
    /// </summary>
    public static async IAsyncEnumerable<TOutput> RunAsync<TInput, TPrepared, TOutput>(
        IEnumerable<TInput> inputs,
        Func<TInput, CancellationToken, Task<TPrepared>> prepare,
        Func<TPrepared, CancellationToken, Task<TOutput>> infer,
        EmbeddingPipelineOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(infer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PrepareWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InferenceWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);

        var channel = Channel.CreateBounded<Task<TOutput>>(
            new BoundedChannelOptions(options.Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stages = new Stages<TInput, TPrepared, TOutput>(prepare, infer, options, stop.Token);
        var producer = Task.Run(() => stages.ProduceAsync(inputs, channel.Writer), CancellationToken.None);
        try
        {
            // The producer completes the channel with its exception, if any; WaitToReadAsync then throws it.
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    var output = await item;
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return output;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The two stages with their concurrency limits; the producer starts one task per input.</summary>
    private sealed class Stages<TInput, TPrepared, TOutput>(
        Func<TInput, CancellationToken, Task<TPrepared>> prepare,
        Func<TPrepared, CancellationToken, Task<TOutput>> infer,
        EmbeddingPipelineOptions options,
        CancellationToken cancellationToken) : IDisposable
    {
        private readonly SemaphoreSlim _preparing = new(options.PrepareWorkers, options.PrepareWorkers);
        private readonly SemaphoreSlim _inferring = new(options.InferenceWorkers, options.InferenceWorkers);

        public async Task ProduceAsync(IEnumerable<TInput> inputs, ChannelWriter<Task<TOutput>> writer)
        {
            var started = new List<Task>();
            Exception? error = null;
            try
            {
                foreach (var input in inputs)
                {
                    await _preparing.WaitAsync(cancellationToken); // released once the input is prepared
                    var item = RunAsync(input);
                    started.Add(item);
                    await writer.WriteAsync(item, cancellationToken);
                    started.RemoveAll(t => t.IsCompleted);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                // No stage may outlive the pipeline (nor the semaphores it releases).
                await Task.WhenAll(started).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                writer.TryComplete(error);
            }
        }

        public void Dispose()
        {
            _preparing.Dispose();
            _inferring.Dispose();
        }

        private Task<T> Start<T>(Func<Task<T>> work) =>
            Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, options.Scheduler ?? TaskScheduler.Default).Unwrap();

        private async Task<TOutput> RunAsync(TInput input)
        {
            TPrepared prepared;
            try
            {
                prepared = await Start(() => prepare(input, cancellationToken));
            }
            finally
            {
                _preparing.Release();
            }

            try
            {
                await _inferring.WaitAsync(cancellationToken);
                try
                {
                    return await Start(() => infer(prepared, cancellationToken));
                }
                finally
                {
                    _inferring.Release();
                }
            }
            finally
            {
                (prepared as IDisposable)?.Dispose();
            }
        }
    }
}

/// <param name="PrepareWorkers">Inputs prepared at the same time.</param>
/// <param name="Capacity">Inputs in flight (prepared or being prepared) ahead of the one the caller waits for.</param>
/// <param name="InferenceWorkers">Inference calls at the same time (an ONNX Runtime session may be run concurrently).</param>
/// <param name="Scheduler">Where both stages run; null = the thread pool.</param>
public sealed record EmbeddingPipelineOptions(int PrepareWorkers = 1, int Capacity = 2, int InferenceWorkers = 1, TaskScheduler? Scheduler = null);
