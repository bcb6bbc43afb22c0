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

        var expected = items.OrderByDescending(i => Dot(query.Vector, i.Embeddings[0].Vector)).Take(10).Select(i => i.Id).ToList();
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

    [TestMethod]
    public void CoverageCountsItemsWithAModelsEmbedding()
    {
        var index = new CatalogIndex([Item("a", [1, 0]), Item("b", [0, 1]), new CatalogItem("c", "c", "", [], "", 1, 1, DateTimeOffset.UnixEpoch, [])], "v1");

        Assert.AreEqual(2, index.CountFor("m"));
        Assert.IsFalse(index.Covers("m"), "item c has no embedding of m");
        Assert.IsTrue(new CatalogIndex([Item("a", [1, 0])], "v1").Covers("m"));
        Assert.IsTrue(CatalogIndex.Empty.Covers("m"), "an empty catalog is covered by every model");
    }

    /// <summary>A plain double-precision dot product, independent of the index's vectorised one.</summary>
    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);

    private static CatalogItem Item(string id, float[] vector) =>
        new(id, id, "", [], "", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding("m", vector)]);

    private static float[] RandomUnit(Random random, int dimensions)
    {
        var vector = Enumerable.Range(0, dimensions).Select(_ => random.NextDouble() - 0.5).ToArray();
        var length = Math.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => (float)(v / length))];
    }
}
