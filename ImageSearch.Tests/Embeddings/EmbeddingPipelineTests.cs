using ImageSearch.Core.Embeddings;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Embedded;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Embeddings;

/// <summary>
/// <see cref="EmbeddingPipeline"/>: same vectors in the same order as sequential embedding, and the overlap of preparation
/// with inference, proven with conditions the stages wait on (never with sleeps), so a slow machine makes the tests slower,
/// not red. The timeout only turns a hang into a failure. Bounds and endings: <see cref="EmbeddingPipelineLimitTests"/>.
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
        var normalizer = TestNormalizers.Create();
        byte[][] files =
        [
            .. new[] { "animals/marsupials/koala.png", "vehicles/garbagetruck.png", "food/pizza.png" }
                .Select(path => File.ReadAllBytes(Path.Combine(StampPhotos.Directory, path))),
            Synthetic.Png(300, 200), Jpeg(Synthetic.Png(90, 400)), Synthetic.Png(224, 224), Synthetic.Png(17, 640),
        ];
        var decoded = new List<Image<Rgb24>>();
        foreach (var file in files)
        {
            decoded.Add(normalizer.Decode(file, TestContext.CancellationToken));
        }

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
        var piped = await EmbeddingPipeline.RunAsync(
            files,
            (file, ct) =>
            {
                using var image = normalizer.Decode(file, ct);
                return Task.FromResult(resnet.Preprocessor.Preprocess(image));
            },
            (tensor, ct) => Task.FromResult(resnet.EmbedPreprocessed(tensor, ct)),
            new EmbeddingPipelineOptions(prepareWorkers, Capacity: 2, inferenceWorkers),
            TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken);

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

        var outputs = await EmbeddingPipeline.RunAsync(
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
            TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken);

        Assert.IsLessThan(finished.IndexOf(0), finished.IndexOf(2), "input 2 was prepared before input 0");
        CollectionAssert.AreEqual(new[] { 1, 11, 21, 31, 41, 51 }, outputs);
    }

    [TestMethod]
    public async Task NextInputIsPreparedWhileTheCurrentOneIsInInference()
    {
        var secondPrepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var outputs = await EmbeddingPipeline.RunAsync(
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
            TestContext.CancellationToken).ToListAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, outputs);
    }

    private static byte[] Jpeg(byte[] png)
    {
        using var image = Image.Load(png);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
