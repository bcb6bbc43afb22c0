using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Tests.Ranking;

[TestClass]
public sealed class QueryEmbeddingCacheTests
{
    [TestMethod]
    public async Task EachTextIsEmbeddedOncePerModelAndMissingOnesGoInOneBatch()
    {
        using var cache = new QueryEmbeddingCache(100);
        var model = new CountingEmbedder("m");

        var first = await cache.EmbedAsync(model, ["fruit", "apples", "pears"], CancellationToken.None);
        var second = await cache.EmbedAsync(model, ["fruit", "apples", "bananas"], CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "fruit|apples|pears", "bananas" }, model.Batches);
        CollectionAssert.AreEqual(new[] { 5f, 6f, 7f }, second.Select(e => e.Vector[0]).ToArray(), "the text's length, in the caller's order");
        Assert.AreSame(first[0], second[0]);
    }

    [TestMethod]
    public async Task AnotherModelDoesNotShareTheEntries()
    {
        using var cache = new QueryEmbeddingCache(100);
        var a = new CountingEmbedder("a");
        var b = new CountingEmbedder("b");

        await cache.EmbedAsync(a, ["fruit"], CancellationToken.None);
        var other = await cache.EmbedAsync(b, ["fruit"], CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "fruit" }, b.Batches);
        Assert.AreEqual("b", other[0].ModelId);
    }

    [TestMethod]
    public async Task CapacityZeroEmbedsEveryTime()
    {
        using var cache = new QueryEmbeddingCache(0);
        var model = new CountingEmbedder("m");

        await cache.EmbedAsync(model, ["fruit"], CancellationToken.None);
        await cache.EmbedAsync(model, ["fruit"], CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "fruit", "fruit" }, model.Batches);
    }

    /// <summary>Embeds a text as (its length, 0); records each batch it is asked for.</summary>
    private sealed class CountingEmbedder(string modelId) : ITextEmbedder
    {
        public List<string> Batches { get; } = [];

        public ModelInfo Model { get; } = new(modelId, "test", "test");

        public ModelStatus Status => ModelStatus.Available("test");

        public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Batches.Add(string.Join('|', texts));
            return Task.FromResult<IReadOnlyList<Embedding>>([.. texts.Select(t => new Embedding(Model.Id, [t.Length, 0f]))]);
        }
    }
}
