using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// A query as several weighted vectors, possibly in different model spaces (text, image, negatives). An item's score is
/// Σ weight · cos(vector, item embedding of the same model) / Σ positive weights; components whose model the item lacks
/// contribute 0.
/// See docs/ranking.md for how the search flows build it.
/// </summary>
public sealed record CompositeQuery(IReadOnlyList<WeightedVector> Components)
{
    public static CompositeQuery Of(Embedding text) => new([new WeightedVector(text, 1f, "text")]);

    /// <summary>Σ of the positive weights; scores are divided by it so a perfect match of every positive part scores 1.</summary>
    public float PositiveWeight => Math.Max(1e-6f, Components.Where(c => c.Weight > 0).Sum(c => c.Weight));

    public float Score(IReadOnlyList<Embedding> itemEmbeddings)
    {
        var score = 0f;
        foreach (var component in Components)
        {
            foreach (var embedding in itemEmbeddings)
            {
                if (embedding.ModelId == component.Vector.ModelId && embedding.Dimensions == component.Vector.Dimensions)
                {
                    score += component.Weight * VectorMath.Cosine(component.Vector.Vector, embedding.Vector);
                    break;
                }
            }
        }

        return score / PositiveWeight;
    }

    public IEnumerable<string> ModelIds => Components.Select(c => c.Vector.ModelId).Distinct();
}
