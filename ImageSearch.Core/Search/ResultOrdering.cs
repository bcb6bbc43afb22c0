using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

/// <summary>Orders the results kept above the cut: by relevance as ranked, or by import date (images without one last, by relevance).</summary>
public static class ResultOrdering
{
    public static IReadOnlyList<(Candidate Candidate, float Score)> Apply(IReadOnlyList<(Candidate Candidate, float Score)> ranked, ResultOrder order) =>
        order switch
        {
            ResultOrder.Newest => [.. ranked.OrderBy(r => r.Candidate.ImportedAt is null).ThenByDescending(r => r.Candidate.ImportedAt)],
            ResultOrder.Oldest => [.. ranked.OrderBy(r => r.Candidate.ImportedAt is null).ThenBy(r => r.Candidate.ImportedAt)],
            _ => ranked,
        };
}
