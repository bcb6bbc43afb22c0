using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Search;

/// <summary>
/// Where a ranked list was cut: <see cref="Kept"/> results above the cut, <see cref="Hidden"/> below it (not shown; a
/// ranking without the cut shows them), the scores on either side of it, and which rule made it.
/// </summary>
public sealed record ResultCut(int Kept, int Hidden, float? LowestKept, float? HighestHidden, ResultCut.Rule By)
{
    public enum Rule
    {
        /// <summary>Nothing was cut.</summary>
        None,

        /// <summary>The fixed floor (minScore) cut the list.</summary>
        Floor,

        /// <summary>The automatic cut (<see cref="Ranking.Autocut"/>) cut the list above the floor.</summary>
        Autocut,
    }

    /// <summary>
    /// Cuts <paramref name="scores"/> (best first): first the fixed floor, then the automatic cut over the scores above it
    /// (<paramref name="autocut"/> jumps; 0 = off).
    /// </summary>
    public static ResultCut Of(IReadOnlyList<float> scores, float? minScore, int autocut)
    {
        var aboveFloor = minScore is { } floor ? scores.TakeWhile(s => s >= floor).Count() : scores.Count;
        var kept = Autocut.KeepCount([.. scores.Take(aboveFloor)], autocut);
        var by = kept < aboveFloor ? Rule.Autocut : aboveFloor < scores.Count ? Rule.Floor : Rule.None;
        return new ResultCut(
            kept, scores.Count - kept, kept > 0 && kept < scores.Count ? scores[kept - 1] : null, kept < scores.Count ? scores[kept] : null, by);
    }
}
