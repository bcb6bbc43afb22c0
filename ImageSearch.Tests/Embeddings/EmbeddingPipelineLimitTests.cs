using ImageSearch.Core.Embeddings;

namespace ImageSearch.Tests.Embeddings;

/// <summary>
/// <see cref="EmbeddingPipeline"/>'s bounds and endings: workers, the channel's capacity, cancellation, errors, disposal;
/// proven with conditions the stages wait on, never with sleeps.
/// </summary>
[TestClass]
public sealed class EmbeddingPipelineLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TwoInferenceWorkersRunTwoInferencesAtOnceAndNeverMore()
    {
        var running = 0;
        var maxRunning = 0;
        var twoInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var outputs = await EmbeddingPipeline.RunAsync(
            Enumerable.Range(0, 12),
            (i, _) => Task.FromResult(i),
            async (i, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                if (now == 2)
                {
                    twoInside.TrySetResult();
                }

                if (i < 2)
                {
                    // Inputs 0 and 1 leave only once both are inside: one worker alone would time out here.
                    await twoInside.Task.WaitAsync(Timeout, ct);
                }

                Interlocked.Decrement(ref running);
                return i;
            },
            new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 6, InferenceWorkers: 2),
            TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(Enumerable.Range(0, 12).ToList(), outputs);
        Assert.IsTrue(twoInside.Task.IsCompletedSuccessfully);
        Assert.IsLessThanOrEqualTo(2, maxRunning, "inference calls at the same time");
    }

    [TestMethod]
    public async Task PreparationRunsAtMostCapacityPlusOneInputsAheadOfTheConsumer()
    {
        const int capacity = 3;
        var prepared = 0;
        var maxAhead = 0;
        var boundReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await foreach (var i in EmbeddingPipeline.RunAsync(
                           Enumerable.Range(0, 30),
                           (i, _) =>
                           {
                               // The channel holds inputs 0..capacity-1; one more is prepared and waits to be written.
                               // Input capacity + 1 can start only once the consumer has taken input 0.
                               if (Interlocked.Increment(ref prepared) == capacity + 2)
                               {
                                   boundReached.TrySetResult();
                               }

                               return Task.FromResult(i);
                           },
                           (i, _) => Task.FromResult(i),
                           new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: capacity),
                           TestContext.CancellationToken))
        {
            if (i == 0)
            {
                // A consumer that has not asked for more: preparation fills the channel and stops there.
                await boundReached.Task.WaitAsync(Timeout, TestContext.CancellationToken);
            }

            maxAhead = Math.Max(maxAhead, Volatile.Read(ref prepared) - (i + 1));
        }

        Assert.AreEqual(30, prepared);
        Assert.AreEqual(capacity + 1, maxAhead, "the channel's capacity plus the one input waiting to be written");
    }

    [TestMethod]
    public async Task CancellationEndsTheEnumerationWithNoPreparationStillRunning()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var preparing = 0;
        var prepared = 0;
        var received = new List<int>();

        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await foreach (var i in EmbeddingPipeline.RunAsync(
                               Enumerable.Range(0, 1000),
                               async (i, ct) =>
                               {
                                   Interlocked.Increment(ref preparing);
                                   await Task.Yield();
                                   Interlocked.Increment(ref prepared);
                                   Interlocked.Decrement(ref preparing);
                                   return i;
                               },
                               (i, _) => Task.FromResult(i),
                               new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 2), cancellation.Token))
            {
                received.Add(i);
                if (i == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, received);
        Assert.AreEqual(0, Volatile.Read(ref preparing), "the pipeline awaited its work before it ended");
        Assert.IsLessThan(20, Volatile.Read(ref prepared), "preparation stopped with the enumeration");
    }

    [TestMethod]
    public async Task PreparationErrorSurfacesAfterTheEarlierOutputs()
    {
        var received = new List<int>();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var i in EmbeddingPipeline.RunAsync(
                               Enumerable.Range(0, 10),
                               (i, _) => i == 3 ? Task.FromException<int>(new InvalidDataException("corrupt input 3")) : Task.FromResult(i),
                               (i, _) => Task.FromResult(i),
                               new EmbeddingPipelineOptions(PrepareWorkers: 2), TestContext.CancellationToken))
            {
                received.Add(i);
            }
        });

        Assert.AreEqual("corrupt input 3", error.Message);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, received);
    }

    [TestMethod]
    public async Task PreparedInputsAreDisposedWhenConsumedOrLeftOver()
    {
        var made = new List<Probe>();

        await foreach (var i in EmbeddingPipeline.RunAsync(
                           Enumerable.Range(0, 10),
                           (i, _) =>
                           {
                               var probe = new Probe(i);
                               lock (made)
                               {
                                   made.Add(probe);
                               }

                               return Task.FromResult(probe);
                           },
                           (probe, _) => Task.FromResult(probe.Value),
                           new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 3), TestContext.CancellationToken))
        {
            if (i == 2)
            {
                break;
            }
        }

        Assert.IsGreaterThanOrEqualTo(3, made.Count);
        Assert.IsTrue(made.All(p => p.Disposed), "every prepared input is disposed once the enumeration ends");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private sealed class Probe(int value) : IDisposable
    {
        public int Value { get; } = value;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
