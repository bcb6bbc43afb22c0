using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Embeddings;

[TestClass]
public sealed class TableEmbeddingCacheTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private TableEmbeddingCache _cache = null!;

    [TestInitialize]
    public async Task StartAsync()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        _cache = new TableEmbeddingCache(new StorageClients(Options.Create(storage)), Options.Create(storage));
    }

    [TestMethod]
    public async Task VectorsRoundTripExactlyPerModel()
    {
        var vector = Enumerable.Range(0, 512).Select(i => MathF.Sin(i) / 7f).ToArray();

        await _cache.SetAsync(Hash, new Embedding("openai/clip-vit-base-patch32", vector), CancellationToken.None);
        var read = await _cache.GetAsync("openai/clip-vit-base-patch32", Hash, CancellationToken.None);

        Assert.IsNotNull(read);
        Assert.AreEqual("openai/clip-vit-base-patch32", read.ModelId);
        CollectionAssert.AreEqual(vector, read.Vector);
        Assert.IsNull(await _cache.GetAsync("resnet18", Hash, CancellationToken.None));
    }

    [TestMethod]
    public async Task ModelIdsThatLookAlikeNeverShareAnEntry()
    {
        string[] ids = ["a/b", "a_b", "a~2Fb", "a#b", "a?b", "a\\b"];
        for (var i = 0; i < ids.Length; i++)
        {
            await _cache.SetAsync(Hash, new Embedding(ids[i], [i + 1f]), CancellationToken.None);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.AreEqual(i + 1f, (await _cache.GetAsync(ids[i], Hash, CancellationToken.None))!.Vector.Single(), ids[i]);
        }

        Assert.AreEqual(ids.Length, ids.Select(TableEmbeddingCache.PartitionKeyOf).Distinct().Count());
    }

    [TestMethod]
    public async Task MissingEntryOrTableIsNull() =>
        Assert.IsNull(await _cache.GetAsync("resnet18", Hash, CancellationToken.None));

    [TestMethod]
    public async Task MalformedContentHashIsRefused() =>
        await Assert.ThrowsExactlyAsync<ArgumentException>(() => _cache.SetAsync("../x", new Embedding("m", [1f]), CancellationToken.None));
}
