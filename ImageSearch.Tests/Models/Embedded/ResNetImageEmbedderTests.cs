using ImageSearch.Core.Embeddings;
using ImageSearch.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSearch.Tests.Models.Embedded;

[TestClass]
public sealed class ResNetImageEmbedderTests
{
    private static readonly string[] Photos =
    [
        "animals/marsupials/koala.png", "animals/marsupials/kangaroo.png", "animals/marsupials/wombat.png",
        "vehicles/garbagetruck.png", "food/pizza.png", "food/fruit/avocado.png", "food/fruit/Strawberry2.png",
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task KoalaPhotoIsCloserToItsEditedCopyThanToOtherPhotos()
    {
        using var koala = StampPhotos.Load("animals/marsupials/koala.png");
        using var edited = Edit(koala);
        using var wombat = StampPhotos.Load("animals/marsupials/wombat.png");
        using var truck = StampPhotos.Load("vehicles/garbagetruck.png");

        var vectors = await EmbedAsync(koala, edited, wombat, truck);

        var self = VectorMath.Cosine(vectors[0], vectors[1]);
        Assert.IsGreaterThan(VectorMath.Cosine(vectors[0], vectors[2]), self, "koala vs wombat");
        Assert.IsGreaterThan(VectorMath.Cosine(vectors[0], vectors[3]), self, "koala vs garbage truck");
    }

    [TestMethod]
    public async Task EveryEditedPhotoFindsItsOriginalFirst()
    {
        var originals = Photos.Select(StampPhotos.Load).ToList();
        var edits = originals.Select(Edit).ToList();
        try
        {
            var originalVectors = await EmbedAsync([.. originals]);
            var editVectors = await EmbedAsync([.. edits]);

            for (var i = 0; i < Photos.Length; i++)
            {
                var best = Enumerable.Range(0, Photos.Length).MaxBy(j => VectorMath.Cosine(editVectors[i], originalVectors[j]));
                Assert.AreEqual(Photos[i], Photos[best], "nearest original of the edited copy");
            }
        }
        finally
        {
            originals.Concat(edits).ToList().ForEach(image => image.Dispose());
        }
    }

    [TestMethod]
    public async Task EmbeddingsAreUnitLength512DimensionalForAnySize()
    {
        using var tiny = new Image<Rgb24>(1, 1, new Rgb24(200, 10, 10));
        using var wide = Synthetic.Gradient(1000, 90);
        using var exact = Synthetic.Gradient(224, 224);

        var embeddings = await TestModels.ResNet.EmbedAsync([tiny, wide, exact], TestContext.CancellationToken);

        Assert.HasCount(3, embeddings);
        foreach (var embedding in embeddings)
        {
            Assert.AreEqual("resnet18", embedding.ModelId);
            Assert.AreEqual(512, embedding.Dimensions);
            Assert.AreEqual(1.0, Math.Sqrt(embedding.Vector.Sum(v => (double)v * v)), 1e-4);
        }

        Assert.AreEqual(new ModelInfo("resnet18", "embedded", TestModels.ResNet.Model.Source), TestModels.ResNet.Model);
    }

    [TestMethod]
    public async Task SameImageGivesSameVectorAloneAndInABatch()
    {
        using var a = Synthetic.Gradient(300, 200);
        using var b = Synthetic.Gradient(120, 240);

        var both = await EmbedAsync(a, b);
        var alone = await EmbedAsync(b);

        VectorAssert.AreClose(alone[0], both[1], 1e-5f, "second image of the batch");
    }

    [TestMethod]
    public async Task ConcurrentCallsGiveTheSameVectorsAsSequentialOnes()
    {
        var images = Enumerable.Range(1, 8).Select(i => Synthetic.Gradient(40 * i, 300 - (20 * i))).ToList();
        try
        {
            var sequential = await EmbedAsync([.. images]);

            var concurrent = await Task.WhenAll(images.Select(image => Task.Run(
                async () => (await TestModels.ResNet.EmbedAsync([image], TestContext.CancellationToken))[0].Vector,
                TestContext.CancellationToken)));

            for (var i = 0; i < images.Count; i++)
            {
                VectorAssert.AreClose(sequential[i], concurrent[i], 1e-5f, $"image {i}");
            }
        }
        finally
        {
            images.ForEach(image => image.Dispose());
        }
    }

    [TestMethod]
    public async Task CancelledRequestThrowsOperationCanceled()
    {
        using var image = Synthetic.Gradient(64, 64);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => TestModels.ResNet.EmbedAsync([image], cancelled.Token));
    }

    /// <summary>A slightly different copy: 85% size, 6% cut off each side, 15% brighter.</summary>
    private static Image<Rgb24> Edit(Image<Rgb24> photo) => photo.Clone(context =>
    {
        var width = (int)(photo.Width * 0.85);
        var height = (int)(photo.Height * 0.85);
        context.Resize(width, height, KnownResamplers.Bicubic)
            .Crop(new Rectangle((int)(width * 0.06), (int)(height * 0.06), (int)(width * 0.88), (int)(height * 0.88)))
            .Brightness(1.15f);
    });

    private async Task<float[][]> EmbedAsync(params Image<Rgb24>[] images) =>
        (await TestModels.ResNet.EmbedAsync(images, TestContext.CancellationToken)).Select(e => e.Vector).ToArray();
}
