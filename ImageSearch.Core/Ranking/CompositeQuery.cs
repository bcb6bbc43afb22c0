using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// A query as several weighted vectors, possibly in different model spaces (text, image, negatives). An item's score is
/// Σ weight · cos(vector, item embedding of the same model); components whose model the item lacks contribute 0.
/// See docs/ranking.md for how the search flows build it.
/// </summary>
public sealed record CompositeQuery(IReadOnlyList<WeightedVector> Components)
{
    public static CompositeQuery Of(Embedding text) => new([new WeightedVector(text, 1f, "text")]);

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

        return score;
    }

    public IEnumerable<string> ModelIds => Components.Select(c => c.Vector.ModelId).Distinct();
}
