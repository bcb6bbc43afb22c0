using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Embedded;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Embeddings;

/// <summary>
/// <see cref="EmbeddingPipeline"/>: order, overlap and bounds, proven with conditions the stages wait on (never with
/// sleeps), so a slow machine makes the tests slower, not red. The timeout only turns a hang into a failure.
/// </summary>
[TestClass]
public sealed class EmbeddingPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(2, 1)]
    [DataRow(1, 2)]
    public async Task ResNetPipelineGivesTheSameVectorsInTheSameOrderAsSequentialEmbedding(int prepareWorkers, int inferenceWorkers)
    {
        var normalizer = new ImageNormalizer(Options.Create(new ImageLimitsOptions()));
        byte[][] files =
        [
            .. new[] { "animals/marsupials/koala.png", "vehicles/garbagetruck.png", "food/pizza.png" }
                .Select(path => File.ReadAllBytes(Path.Combine(StampPhotos.Directory, path))),
            Synthetic.Png(300, 200), Jpeg(Synthetic.Png(90, 400)), Synthetic.Png(224, 224), Synthetic.Png(17, 640),
        ];
        var decoded = files.Select(normalizer.Decode).ToList();
        IReadOnlyList<Embedding> sequential;
        try
        {
            sequential = await TestModels.ResNet.EmbedAsync(decoded, TestContext.CancellationToken);
        }
        finally
        {
            decoded.ForEach(image => image.Dispose());
        }

        var resnet = TestModels.ResNet;
        var piped = await ToListAsync(EmbeddingPipeline.RunAsync(
            files,
            (file, _) =>
            {
                using var image = normalizer.Decode(file);
                return Task.FromResult(resnet.Preprocessor.Preprocess(image));
            },
            (tensor, ct) => Task.FromResult(resnet.EmbedPreprocessed(tensor, ct)),
            new EmbeddingPipelineOptions(prepareWorkers, Capacity: 2, inferenceWorkers),
            TestContext.CancellationToken));

        Assert.HasCount(files.Length, piped);
        for (var i = 0; i < files.Length; i++)
        {
            VectorAssert.AreClose(sequential[i].Vector, piped[i].Vector, 1e-5f, $"image {i}");
        }
    }

    [TestMethod]
    public async Task OutputsKeepInputOrderWhenLaterInputsArePreparedFirst()
    {
        using var laterOnesPrepared = new CountdownEvent(2);
        var finished = new List<int>();

        var outputs = await ToListAsync(EmbeddingPipeline.RunAsync(
            Enumerable.Range(0, 6),
            async (i, ct) =>
            {
                if (i == 0)
                {
                    // Input 0 finishes preparing only after inputs 1 and 2 did (three workers prepare at once).
                    await Task.Run(() => laterOnesPrepared.Wait(Timeout, ct), ct);
                }

                lock (finished)
                {
                    finished.Add(i);
                }

                if (i is 1 or 2)
                {
                    laterOnesPrepared.Signal();
                }

                return i * 10;
            },
            (prepared, _) => Task.FromResult(prepared + 1),
            new EmbeddingPipelineOptions(PrepareWorkers: 3, Capacity: 4),
            TestContext.CancellationToken));

        Assert.IsLessThan(finished.IndexOf(0), finished.IndexOf(2), "input 2 was prepared before input 0");
        CollectionAssert.AreEqual(new[] { 1, 11, 21, 31, 41, 51 }, outputs);
    }

    [TestMethod]
    public async Task NextInputIsPreparedWhileTheCurrentOneIsInInference()
    {
        var secondPrepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var outputs = await ToListAsync(EmbeddingPipeline.RunAsync(
            [0, 1, 2],
            (i, _) =>
            {
                if (i == 1)
                {
                    secondPrepared.TrySetResult();
                }

                return Task.FromResult(i);
            },
            async (i, ct) =>
            {
                // A sequential implementation would prepare input 1 only after this returns, so this wait would time out.
                if (i == 0)
                {
                    await secondPrepared.Task.WaitAsync(Timeout, ct);
                }

                return i;
            },
            new EmbeddingPipelineOptions(),
            TestContext.CancellationToken));

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, outputs);
    }

    [TestMethod]
    public async Task TwoInferenceWorkersRunTwoInferencesAtOnceAndNeverMore()
    {
        var running = 0;
        var maxRunning = 0;
        var twoInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var outputs = await ToListAsync(EmbeddingPipeline.RunAsync(
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
            TestContext.CancellationToken));

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

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static byte[] Jpeg(byte[] png)
    {
        using var image = Image.Load(png);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private sealed class Probe(int value) : IDisposable
    {
        public int Value { get; } = value;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
