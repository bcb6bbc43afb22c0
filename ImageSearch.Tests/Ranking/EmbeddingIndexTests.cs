using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Tests.Ranking;

/// <summary>
/// The one scoring implementation: Σ wᵢ·cos / Σ positive weights over the item's embedding of each component's model.
/// Every expected score below is worked out by hand in the comments.
/// </summary>
[TestClass]
public sealed class EmbeddingIndexTests
{
    private const float Tolerance = 1e-6f;

    // Query: text (1, 0) weight 1, negative (0, 1) weight −0.5, image (0, 1) weight 0.5; positive weights sum to 1.5.
    private static readonly CompositeQuery Query = new(
    [
        new WeightedVector(new Embedding("text", [1, 0]), 1f, "text"),
        new WeightedVector(new Embedding("text", [0, 1]), -0.5f, "negative"),
        new WeightedVector(new Embedding("image", [0, 1]), 0.5f, "image"),
    ]);

    [TestMethod]
    public void ScoresFollowTheFormulaAndOnlyItemsInTheQuerysSpaceTakePart()
    {
        var index = new EmbeddingIndex(
        [
            [new("text", [1, 0]), new("image", [0, 1])],   // 1·1 − 0.5·0 + 0.5·1 = 1.5 → 1.5 / 1.5 = 1
            [new("text", [0, 1]), new("image", [1, 0])],   // 1·0 − 0.5·1 + 0.5·0 = −0.5 → −0.3333333
            [new("text", [0.6f, 0.8f])],                    // 1·0.6 − 0.5·0.8, no image: 0.2 → 0.1333333
            [new("image", [0, 1])],                         // no text embedding: not in the query's space
        ]);

        var top = index.Top(Query, 10);

        CollectionAssert.AreEqual(new[] { 0, 2, 1 }, top.Select(t => t.Item).ToArray());
        Assert.AreEqual(1f, top[0].Score, Tolerance);
        Assert.AreEqual(0.1333333f, top[1].Score, Tolerance);
        Assert.AreEqual(-0.3333333f, top[2].Score, Tolerance);
    }

    [TestMethod]
    public void KAndTheFloorCutTheList()
    {
        var index = new EmbeddingIndex([[new("text", [1, 0])], [new("text", [0.6f, 0.8f])], [new("text", [0, 1])]]);
        var text = CompositeQuery.Of(new Embedding("text", [1, 0]));

        CollectionAssert.AreEqual(new[] { 0 }, index.Top(text, 1).Select(t => t.Item).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, index.Top(text, 10, minScore: 0.5f).Select(t => t.Item).ToArray(), "cos 1 and 0.6 pass 0.5; 0 does not");
        Assert.IsEmpty(index.Top(text, 0));
    }

    [TestMethod]
    public void EqualScoresKeepTheItemsOrder()
    {
        var index = new EmbeddingIndex([.. Enumerable.Range(0, 8).Select(_ => (IReadOnlyList<Embedding>)[new Embedding("text", [0, 1])])]);

        var top = index.Top(CompositeQuery.Of(new Embedding("text", [0, 1])), 5);

        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, top.Select(t => t.Item).ToArray());
    }

    [TestMethod]
    public void VectorsOfAnotherSizeOrASecondOneOfTheSameModelAreNotCompared()
    {
        var index = new EmbeddingIndex(
        [
            [new("text", [1, 0])],
            [new("text", [1, 0, 0])],                         // another size than the model's first vector
            [new("text", [0, 1]), new("text", [1, 0])],       // the item's first text vector counts: cos 0
        ]);

        var top = index.Top(CompositeQuery.Of(new Embedding("text", [1, 0])), 10);

        CollectionAssert.AreEqual(new[] { 0, 2 }, top.Select(t => t.Item).ToArray());
        Assert.AreEqual(0f, top[1].Score, Tolerance);
        Assert.AreEqual(2, index.CountFor("text"));
        Assert.IsEmpty(index.Top(CompositeQuery.Of(new Embedding("text", [1, 0, 0, 0])), 10), "a query of another size");
    }
}
