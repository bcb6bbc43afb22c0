using ImageSearch.Core.Search;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// Orders candidates by their composite score (see <see cref="CompositeQuery"/>). Candidates without an embedding in the
/// query's primary space cannot be compared and are left out; duplicates (same source and id) count once.
/// </summary>
public static class Ranker
{
    public static IReadOnlyList<(Candidate Candidate, float Score)> Rank(CompositeQuery query, IEnumerable<Candidate> candidates, int top, float? minScore)
    {
        if (query.Components.Count == 0)
        {
            return [];
        }

        var primary = query.Components[0].Vector;
        return candidates
            .DistinctBy(c => (c.Source, c.Id))
            .Where(c => c.Embeddings.Any(e => e.ModelId == primary.ModelId && e.Dimensions == primary.Dimensions))
            .Select(c => (Candidate: c, Score: query.Score(c.Embeddings)))
            .Where(x => minScore is null || x.Score >= minScore)
            .OrderByDescending(x => x.Score)
            .Take(top)
            .ToList();
    }

    public static SearchHit ToHit(Candidate candidate, float score) =>
        new(candidate.Id, candidate.Title, candidate.Description, MathF.Round(score, 4), candidate.ImageUrl, candidate.Source);
}
