using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// A query as several weighted vectors, possibly in different model spaces (text, image, negatives); the first component
/// defines the query's space. <see cref="EmbeddingIndex"/> scores items against it. See docs/ranking.md for how the search
/// flows build it.
/// </summary>
public sealed record CompositeQuery(IReadOnlyList<WeightedVector> Components)
{
    public static CompositeQuery Of(Embedding text) => new([new WeightedVector(text, 1f, "text")]);

    /// <summary>Σ of the positive weights; scores are divided by it so a perfect match of every positive part scores 1.</summary>
    public float PositiveWeight => Math.Max(1e-6f, Components.Where(c => c.Weight > 0).Sum(c => c.Weight));
}
