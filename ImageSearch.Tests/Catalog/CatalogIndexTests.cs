using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Tests.Catalog;

[TestClass]
public sealed class CatalogIndexTests
{
    [TestMethod]
    public void NearestReturnsTheSameOrderAsAFullSort()
    {
        var random = new Random(7);
        var items = Enumerable.Range(0, 500).Select(i => Item($"i{i}", RandomUnit(random, 32))).ToList();
        var index = new CatalogIndex(items, "v1");
        var query = new Embedding("m", RandomUnit(random, 32));

        var expected = items.OrderByDescending(i => VectorMath.Cosine(query.Vector, i.Embeddings[0].Vector)).Take(10).Select(i => i.Id).ToList();
        var actual = index.Nearest(query, 10).Select(s => s.Item.Id).ToList();

        CollectionAssert.AreEqual(expected, actual);
    }

    [TestMethod]
    public void VectorsOfAnotherModelAreNeverCompared()
    {
        var index = new CatalogIndex([Item("a", [1, 0])], "v1");

        Assert.IsEmpty(index.Nearest(new Embedding("other-model", [1, 0]), 5));
        Assert.IsEmpty(index.Nearest(new Embedding("m", [1, 0, 0]), 5), "different dimensions");
        Assert.HasCount(1, index.Nearest(new Embedding("m", [1, 0]), 5));
    }

    private static CatalogItem Item(string id, float[] vector) =>
        new(id, id, "", [], "", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding("m", vector)]);

    private static float[] RandomUnit(Random random, int dimensions) =>
        VectorMath.Normalize(Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
}
