using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Clip;

namespace ImageSearch.Tests.Clip;

[TestClass]
public sealed class ClipScorerTests
{
    private readonly ClipScorer _scorer = new();

    [TestMethod]
    public void LogitsAreCosineTimes100()
    {
        var text = Unit(1, 0, 0);
        var logits = _scorer.Logits(text, [Unit(1, 0, 0), Unit(0, 1, 0), Unit(1, 1, 0), Unit(-1, 0, 0)]);

        CollectionAssert.AreEqual(new[] { 100f, 0f, 100f / MathF.Sqrt(2), -100f }, logits, new ToleranceComparer(1e-4f));
    }

    [TestMethod]
    public void RankPutsTheClosestImageFirstAndKeepsTiesInOrder()
    {
        var text = Unit(1, 1, 0);
        Embedding[] images = [Unit(0, 0, 1), Unit(1, 0, 0), Unit(1, 1, 0.1f), Unit(0, 1, 0)];

        var ranked = _scorer.Rank(text, images);

        CollectionAssert.AreEqual(new[] { 2, 1, 3, 0 }, ranked.Select(r => r.Index).ToArray());
    }

    [TestMethod]
    public void SoftmaxOverImagesSumsToOneAndFollowsLogitDifferences()
    {
        var text = Unit(1, 0, 0);
        Embedding[] images = [Unit(1, 0.1f, 0), Unit(1, 0.2f, 0), Unit(0, 1, 0)];

        var logits = _scorer.Logits(text, images);
        var ranked = _scorer.Rank(text, images, softmax: true);
        var probabilities = ranked.OrderBy(r => r.Index).Select(r => r.Score).ToArray();

        Assert.AreEqual(1f, probabilities.Sum(), 1e-6f);
        Assert.AreEqual(0, ranked[0].Index);
        // p0 / p1 = exp(l0 - l1): CLIP's temperature makes a 0.015 cosine gap a factor of about 4.5.
        Assert.AreEqual(MathF.Exp(logits[0] - logits[1]), probabilities[0] / probabilities[1], 1e-3f);
        Assert.IsLessThan(1e-30f, probabilities[2]);
    }

    [TestMethod]
    public void SoftmaxIsStableForLargeLogits()
    {
        var probabilities = ClipScorer.Softmax([1000f, 1000f, 0f]);

        CollectionAssert.AreEqual(new[] { 0.5f, 0.5f, 0f }, probabilities);
    }

    [TestMethod]
    public void EmbeddingsOfAnotherModelAreRefused()
    {
        var other = new Embedding("all-MiniLM-L6-v2", new float[3]);

        Assert.ThrowsExactly<ArgumentException>(() => _scorer.Logits(Unit(1, 0, 0), [other]));
    }

    private static Embedding Unit(params float[] values) => new(ClipModel.Id, VectorMath.Normalize(values));

    private sealed class ToleranceComparer(float tolerance) : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) <= tolerance ? 0 : 1;
    }
}
