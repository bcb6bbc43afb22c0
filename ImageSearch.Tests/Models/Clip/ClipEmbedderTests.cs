using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Clip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// The embedders against tiny ONNX models with the export's names, types and dynamic axes (see <see cref="TinyClipModels"/>).
/// They prove the plumbing (tokens and pixels in, batching, output checks, normalisation, errors), not CLIP's quality.
/// </summary>
[TestClass]
public sealed class ClipEmbedderTests
{
    private static DirectoryInfo s_modelDir = null!;

    [ClassInitialize]
    public static void BuildTinyModels(TestContext context)
    {
        s_modelDir = Directory.CreateTempSubdirectory("clip-tiny-");
        TinyClipModels.WriteTextModel(Path.Combine(s_modelDir.FullName, "onnx", "text_model.onnx"));
        TinyClipModels.WriteVisionModel(Path.Combine(s_modelDir.FullName, "onnx", "vision_model.onnx"));
        File.Copy(ClipTestData.PreprocessorConfig, Path.Combine(s_modelDir.FullName, "preprocessor_config.json"));
    }

    [ClassCleanup]
    public static void DeleteTinyModels() => s_modelDir?.Delete(recursive: true);

    [TestMethod]
    public async Task TextBatchOfFiveEqualsFiveSingleCalls()
    {
        string[] texts = ["a photo of a cat", "a diagram", "a dog running on a beach at sunset", "café", "2024"];
        using var batched = TextEmbedder(s_modelDir.FullName, batchSize: 2);
        using var single = TextEmbedder(s_modelDir.FullName, batchSize: 1);

        var together = await batched.EmbedAsync(texts, CancellationToken.None);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await single.EmbedAsync([texts[i]], CancellationToken.None))[0];
            // Only float32 summation order differs (padded vs unpadded rows): far below 1e-5 on unit vectors.
            AssertClose(alone.Vector, together[i].Vector, 1e-5f, $"text {i}");
        }

        Assert.IsLessThan(0.99f, VectorMath.Cosine(together[0].Vector, together[1].Vector), "different texts give different vectors");
    }

    [TestMethod]
    public async Task TextEmbeddingsAreUnitLength512WithTheClipModelId()
    {
        using var embedder = TextEmbedder(s_modelDir.FullName);

        var embeddings = await embedder.EmbedAsync(["a photo of a cat", "a diagram"], CancellationToken.None);

        Assert.HasCount(2, embeddings);
        foreach (var embedding in embeddings)
        {
            AssertUnit512(embedding);
        }

        Assert.AreEqual(new ModelInfo("clip-vit-base-patch32", "clip", ClipModel.Info.Source), embedder.Model);
    }

    [TestMethod]
    public async Task ImageBatchOfFiveEqualsFiveSingleCalls()
    {
        using var images = new DisposableImages(
            Uniform(300, 200, 200, 30, 30), Uniform(120, 400, 30, 200, 30), Uniform(224, 224, 30, 30, 200),
            Uniform(64, 48, 250, 250, 250), Uniform(1000, 700, 90, 10, 160));
        using var batched = ImageEmbedder(s_modelDir.FullName, batchSize: 2);
        using var single = ImageEmbedder(s_modelDir.FullName, batchSize: 1);

        var together = await batched.EmbedAsync(images.Items, CancellationToken.None);
        Assert.HasCount(5, together);
        for (var i = 0; i < images.Items.Count; i++)
        {
            var alone = (await single.EmbedAsync([images.Items[i]], CancellationToken.None))[0];
            AssertUnit512(alone);
            AssertClose(alone.Vector, together[i].Vector, 1e-6f, $"image {i}");
        }

        Assert.IsLessThan(0.99f, VectorMath.Cosine(together[0].Vector, together[1].Vector), "a red and a green image differ");
    }

    [TestMethod]
    public async Task CorruptModelFileIsReportedAsModelUnavailable()
    {
        var dir = Directory.CreateTempSubdirectory("clip-corrupt-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "onnx"));
            var path = Path.Combine(dir.FullName, "onnx", "text_model.onnx");
            var bytes = await File.ReadAllBytesAsync(Path.Combine(s_modelDir.FullName, "onnx", "text_model.onnx"));
            await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]); // an interrupted download
            using var embedder = TextEmbedder(dir.FullName);

            var e = await Assert.ThrowsExactlyAsync<ModelUnavailableException>(() => embedder.EmbedAsync(["a cat"], CancellationToken.None));

            StringAssert.Contains(e.Message, path);
            Assert.AreEqual(ErrorKind.Unavailable, e.Kind);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task ModelWithoutTheExpectedOutputIsRejected()
    {
        var dir = Directory.CreateTempSubdirectory("clip-foreign-");
        try
        {
            TinyClipModels.WriteTextModel(Path.Combine(dir.FullName, "onnx", "text_model.onnx"), outputName: "pooler_output");
            using var embedder = TextEmbedder(dir.FullName);

            var e = await Assert.ThrowsExactlyAsync<ModelUnavailableException>(() => embedder.EmbedAsync(["a cat"], CancellationToken.None));

            StringAssert.Contains(e.Message, "text_embeds");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task MissingModelIsReportedAndRetriedOnceDownloaded()
    {
        var dir = Directory.CreateTempSubdirectory("clip-missing-");
        try
        {
            using var embedder = ImageEmbedder(dir.FullName);
            Assert.IsFalse(embedder.Status.IsAvailable);
            using var image = Uniform(10, 10, 1, 2, 3);

            var e = await Assert.ThrowsExactlyAsync<ModelUnavailableException>(() => embedder.EmbedAsync([image], CancellationToken.None));
            StringAssert.Contains(e.Message, "download-models.sh");

            TinyClipModels.WriteVisionModel(Path.Combine(dir.FullName, "onnx", "vision_model.onnx"));
            File.Copy(ClipTestData.PreprocessorConfig, Path.Combine(dir.FullName, "preprocessor_config.json"));
            Assert.IsTrue(embedder.Status.IsAvailable);
            AssertUnit512((await embedder.EmbedAsync([image], CancellationToken.None))[0]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task CancelledCallThrowsOperationCanceled()
    {
        using var embedder = TextEmbedder(s_modelDir.FullName);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => embedder.EmbedAsync(["a cat"], cancelled.Token));
    }

    private static ClipTextEmbedder TextEmbedder(string modelDirectory, int batchSize = 16) => new(
        Options.Create(new ClipOptions { ModelDirectory = modelDirectory, BatchSize = batchSize, IntraOpNumThreads = 1, BpeVocabularyPath = ClipTestData.BpeArchive }),
        NullLogger<ClipTextEmbedder>.Instance);

    private static ClipImageEmbedder ImageEmbedder(string modelDirectory, int batchSize = 16) => new(
        Options.Create(new ClipOptions { ModelDirectory = modelDirectory, BatchSize = batchSize, IntraOpNumThreads = 1 }),
        NullLogger<ClipImageEmbedder>.Instance);

    private static Image<Rgb24> Uniform(int width, int height, byte r, byte g, byte b) => new(width, height, new Rgb24(r, g, b));

    private static void AssertUnit512(Embedding embedding)
    {
        Assert.AreEqual(ClipModel.Id, embedding.ModelId);
        Assert.AreEqual(512, embedding.Dimensions);
        Assert.AreEqual(1f, MathF.Sqrt(VectorMath.Cosine(embedding.Vector, embedding.Vector)), 1e-5f);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}, component {i}");
        }
    }
}
