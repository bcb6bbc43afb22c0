using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Models;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Embeddings;

[TestClass]
public sealed class PipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

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

        var piped = await ToListAsync(TestModels.ResNet.EmbedEncodedAsync(
            files, normalizer.Decode, new EmbeddingPipelineOptions(prepareWorkers, Capacity: 2, inferenceWorkers), TestContext.CancellationToken));

        Assert.HasCount(files.Length, piped);
        for (var i = 0; i < files.Length; i++)
        {
            VectorAssert.AreClose(sequential[i].Vector, piped[i].Vector, 1e-5f, $"image {i}");
        }
    }

    [TestMethod]
    public async Task OutputsKeepInputOrderWhenLaterInputsArePreparedFaster()
    {
        // Input i takes (20 - i) ms to prepare with 3 workers: later inputs finish preparing first.
        var outputs = await ToListAsync(EmbeddingPipeline.RunAsync(
            Enumerable.Range(0, 20),
            (i, _) =>
            {
                Thread.Sleep(20 - i);
                return i * 10;
            },
            (prepared, _) => prepared + 1,
            new EmbeddingPipelineOptions(PrepareWorkers: 3, Capacity: 4),
            TestContext.CancellationToken));

        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => (i * 10) + 1).ToList(), outputs);
    }

    [TestMethod]
    public async Task NextInputIsPreparedWhileTheCurrentOneIsInInference()
    {
        using var secondPrepared = new ManualResetEventSlim();
        var overlapped = new List<bool>();

        await ToListAsync(EmbeddingPipeline.RunAsync(
            [0, 1, 2],
            (i, _) =>
            {
                if (i == 1)
                {
                    secondPrepared.Set();
                }

                return i;
            },
            (i, _) =>
            {
                // A sequential implementation would prepare input 1 only after this returns, so this wait would time out.
                overlapped.Add(i != 0 || secondPrepared.Wait(Timeout, TestContext.CancellationToken));
                return i;
            },
            new EmbeddingPipelineOptions(),
            TestContext.CancellationToken));

        CollectionAssert.AreEqual(new[] { true, true, true }, overlapped);
    }

    [TestMethod]
    public async Task InferenceRunsOnAtMostInferenceWorkersAtOnceAndOutputsStayInOrder()
    {
        var running = 0;
        var maxRunning = 0;

        var outputs = await ToListAsync(EmbeddingPipeline.RunAsync(
            Enumerable.Range(0, 24),
            (i, _) => i,
            (i, _) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                Thread.Sleep(i % 3 == 0 ? 15 : 2); // some inputs take longer, so later ones finish first
                Interlocked.Decrement(ref running);
                return i;
            },
            new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 6, InferenceWorkers: 2),
            TestContext.CancellationToken));

        CollectionAssert.AreEqual(Enumerable.Range(0, 24).ToList(), outputs);
        Assert.AreEqual(2, maxRunning, "inference calls at the same time");
    }

    [TestMethod]
    public async Task PreparationRunsAtMostCapacityPlusWorkersAheadOfInference()
    {
        var prepared = 0;
        var maxAhead = 0;
        var options = new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 3);

        await foreach (var i in EmbeddingPipeline.RunAsync(
                           Enumerable.Range(0, 30), (i, _) => { Interlocked.Increment(ref prepared); return i; }, (i, _) => i,
                           options, TestContext.CancellationToken))
        {
            await Task.Delay(5, TestContext.CancellationToken); // a slow consumer
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref prepared) - (i + 1));
        }

        Assert.AreEqual(30, prepared);
        Assert.IsLessThanOrEqualTo(options.Capacity + options.PrepareWorkers, maxAhead, "prepared but not yet consumed");
    }

    [TestMethod]
    public async Task CancellationStopsPreparationAndEndsTheEnumeration()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        var prepared = 0;
        var received = new List<int>();

        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await foreach (var i in EmbeddingPipeline.RunAsync(
                               Enumerable.Range(0, 1000), (i, _) => { Interlocked.Increment(ref prepared); return i; }, (i, _) => i,
                               new EmbeddingPipelineOptions(PrepareWorkers: 2, Capacity: 2), cancellation.Token))
            {
                received.Add(i);
                if (i == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        var afterCancel = Volatile.Read(ref prepared);
        await Task.Delay(100, TestContext.CancellationToken);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, received);
        Assert.AreEqual(afterCancel, Volatile.Read(ref prepared), "no preparation after the enumeration ended");
        Assert.IsLessThan(20, afterCancel);
    }

    [TestMethod]
    public async Task PreparationErrorSurfacesAfterTheEarlierOutputs()
    {
        var received = new List<int>();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var i in EmbeddingPipeline.RunAsync(
                               Enumerable.Range(0, 10), (i, _) => i == 3 ? throw new InvalidDataException("corrupt input 3") : i, (i, _) => i,
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

                               return probe;
                           },
                           (probe, _) => probe.Value,
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
