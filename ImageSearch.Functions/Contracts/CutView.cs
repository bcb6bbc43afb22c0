using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>Where the ranked candidates were cut: how many are kept and hidden, the scores either side, and which rule cut.</summary>
public sealed record CutView(int Kept, int Hidden, float? LowestKept, float? HighestHidden, string By)
{
    public static CutView From(ResultCut cut) => new(
        cut.Kept, cut.Hidden, Round(cut.LowestKept), Round(cut.HighestHidden), cut.By.ToString().ToLowerInvariant());

    private static float? Round(float? score) => score is { } s ? MathF.Round(s, 4) : null;
}
