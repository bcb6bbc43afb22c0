using Azure.Data.Tables;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Embeddings;

[TestClass]
public sealed class EmbeddingCacheTests
{
    [TestMethod]
    public async Task VectorsRoundTripPerModelAndSurviveANewInstance()
    {
        var storage = await TestEnvironment.StorageAsync(await TestEnvironment.UniqueStorageAsync());
        var cache = new TableEmbeddingCache(storage);
        await cache.SetAsync("hash1", new Embedding("model-a", [0.6f, 0.8f]), CancellationToken.None);

        var again = new TableEmbeddingCache(storage); // another instance: only the table is shared
        var hit = await again.GetAsync("model-a", "hash1", CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 0.6f, 0.8f }, hit!.Vector);
        Assert.IsNull(await again.GetAsync("model-b", "hash1", CancellationToken.None), "other model, other entry");
        Assert.IsNull(await again.GetAsync("model-a", "hash2", CancellationToken.None));
    }

    [TestMethod]
    public async Task SameImageIsEmbeddedOncePerModelAcrossInstances()
    {
        var storage = await TestEnvironment.StorageAsync(await TestEnvironment.UniqueStorageAsync());
        var tier = new CountingTier();
        using var image = new Image<Rgb24>(4, 4);

        var first = await new ImageEmbeddings(new TableEmbeddingCache(storage)).GetOrComputeAsync(tier, "abc", image, CancellationToken.None);
        var second = await new ImageEmbeddings(new TableEmbeddingCache(storage)).GetOrComputeAsync(tier, "abc", image, CancellationToken.None);

        Assert.AreEqual(1, tier.ImagesEmbedded, "the second instance found the vector in storage");
        CollectionAssert.AreEqual(first.Vector, second.Vector);
        var rows = storage.Embeddings.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {"abc"}"));
        var count = 0;
        await foreach (var _ in rows)
        {
            count++;
        }

        Assert.AreEqual(1, count);
    }

    /// <summary>A tier whose image model counts its inferences; the count is the behaviour under test (no re-embedding).</summary>
    private sealed class CountingTier : IRankingTier
    {
        public int ImagesEmbedded { get; private set; }

        public string Name => "counting";

        public int Priority => 0;

        public IReadOnlyList<ModelInfo> Models => [];

        public TierStatus Status => TierStatus.Available("test");

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
