using Azure.Data.Tables;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
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
        var tier = new CountingTier();
        using var image = new Image<Rgb24>(4, 4);

        var first = await new ImageEmbeddings(new TableEmbeddingCache(storage, Options.Create(options))).GetOrComputeAsync(tier, Hash, image, CancellationToken.None);
        var second = await new ImageEmbeddings(new TableEmbeddingCache(storage, Options.Create(options))).GetOrComputeAsync(tier, Hash, image, CancellationToken.None);

        Assert.AreEqual(1, tier.ImagesEmbedded, "the second instance found the vector in storage");
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

    /// <summary>A tier whose image model counts its inferences; the count is the behaviour under test (no re-embedding).</summary>
    private sealed class CountingTier : IRankingTier
    {
        public int ImagesEmbedded { get; private set; }

        public string Name => "counting";

        public int Priority => 0;

        public IReadOnlyList<ModelInfo> Models => [];

        public ModelStatus Status => ModelStatus.Available("test");

        public string QueryModelId => "counting-text";

        public string ImageModelId => "counting-image";

        public Task<Embedding> EmbedQueryAsync(string text, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Embedding> EmbedImageAsync(Image<Rgb24> image, CancellationToken cancellationToken)
        {
            ImagesEmbedded++;
            return Task.FromResult(new Embedding(ImageModelId, [1f, 0f]));
        }

        public Task<IReadOnlyList<Embedding>> EmbedItemAsync(string text, Image<Rgb24> image, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
