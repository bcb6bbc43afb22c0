using Azure.Data.Tables;
using ImageSearch.Core.Embeddings;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Embeddings;

[TestClass]
public sealed class EmbeddingCacheTests
{
    [TestMethod]
    public async Task SameImageIsEmbeddedOncePerModelAcrossInstances()
    {
        var options = await TestEnvironment.UniqueStorageAsync();
        var storage = await TestEnvironment.StorageAsync(options);
        var embedder = new CountingImageEmbedder();
        using var image = new Image<Rgb24>(4, 4);

        var first = await new ImageEmbeddings(new TableEmbeddingCache(storage, Options.Create(options))).GetOrComputeAsync(embedder, Hash, image, CancellationToken.None);
        var second = await new ImageEmbeddings(new TableEmbeddingCache(storage, Options.Create(options))).GetOrComputeAsync(embedder, Hash, image, CancellationToken.None);

        Assert.AreEqual(1, embedder.ImagesEmbedded, "the second instance found the vector in storage");
        CollectionAssert.AreEqual(first.Vector, second.Vector);
        var rows = storage.Embeddings.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Hash}"));
        var count = 0;
        await foreach (var _ in rows)
        {
            count++;
        }

        Assert.AreEqual(1, count);
    }

    private static readonly string Hash = new('a', 64);

    /// <summary>An image model that counts its inferences; the count is the behaviour under test (no re-embedding).</summary>
    private sealed class CountingImageEmbedder : IImageEmbedder
    {
        public int ImagesEmbedded { get; private set; }

        public ModelInfo Model { get; } = new("counting-image", "test", "test");

        public ModelStatus Status => ModelStatus.Available("test");

        public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken)
        {
            ImagesEmbedded += images.Count;
            return Task.FromResult<IReadOnlyList<Embedding>>([.. images.Select(_ => new Embedding(Model.Id, [1f, 0f]))]);
        }
    }
}
