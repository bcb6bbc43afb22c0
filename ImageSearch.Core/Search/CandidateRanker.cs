using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

/// <summary>
/// Ranks a search's merged candidates (catalog and web alike) with the one scoring implementation,
/// <see cref="EmbeddingIndex"/>. Candidates without an embedding in the query's primary space cannot be compared and are
/// left out; so are the results the user rejected.
/// </summary>
public static class CandidateRanker
{
    public static IReadOnlyList<(Candidate Candidate, float Score)> Rank(
        CompositeQuery query, IReadOnlyList<Candidate> candidates, IReadOnlySet<string> excluded, int top, float? minScore)
    {
        var kept = candidates.Where(c => !excluded.Contains(c.Id)).ToList();
        var index = new EmbeddingIndex([.. kept.Select(c => c.Embeddings)]);
        return [.. index.Top(query, top, minScore).Select(hit => (kept[hit.Item], hit.Score))];
    }

    /// <summary>A ranked candidate as the session remembers it (scores rounded to 4 decimals).</summary>
    public static RankedResult ToResult(Candidate candidate, float score) =>
        new(candidate.Id, candidate.Title, candidate.Description, MathF.Round(score, 4), candidate.Source, candidate.ImportedAt);
}
