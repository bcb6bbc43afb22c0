namespace ImageSearch.Core.Ranking;

/// <summary>
/// The automatic relevance cutoff: Weaviate's "autocut" (weaviate/weaviate, entities/autocut/autocut.go), applied to
/// similarity scores. A ranked list of n scores s₀ ≥ … ≥ sₙ₋₁ is drawn on the unit square — xᵢ = i/(n−1),
/// yᵢ = (s₀ − sᵢ)/(s₀ − sₙ₋₁), how far score i has fallen of the whole fall — and dᵢ = yᵢ − xᵢ measures how much faster than
/// a straight line the scores have fallen by i. Each local maximum of d (dᵢ above the one before and not below the one
/// after; for the last point, above the two before it) is a jump: the list is cut before the <c>jumps</c>-th one. Lists of at most two
/// scores, or of equal scores, are not cut. Differences of d below <see cref="Tolerance"/> count as level, so float rounding
/// on an evenly falling list makes no jumps. docs/ranking.md shows what it keeps on the demo catalog.
/// </summary>
public static class Autocut
{
    /// <summary>How much d must differ from a neighbour to count (d lives on the unit square; float noise is ~1e-7).</summary>
    public const float Tolerance = 1e-4f;

    /// <summary>How many of <paramref name="scores"/> (best first) to keep when cutting at the <paramref name="jumps"/>-th jump.</summary>
    public static int KeepCount(IReadOnlyList<float> scores, int jumps)
    {
        var n = scores.Count;
        if (jumps <= 0 || n <= 2 || scores[0] <= scores[n - 1])
        {
            return n;
        }

        var fall = scores[0] - scores[n - 1];
        var d = new float[n];
        for (var i = 0; i < n; i++)
        {
            d[i] = ((scores[0] - scores[i]) / fall) - ((float)i / (n - 1));
        }

        var found = 0;
        for (var i = 1; i < n; i++)
        {
            var rises = d[i] - d[i - 1] > Tolerance;
            var jump = i < n - 1 ? rises && d[i] - d[i + 1] > -Tolerance : rises && d[i] - d[i - 2] > Tolerance;
            if (jump && ++found >= jumps)
            {
                return i;
            }
        }

        return n;
    }
}
