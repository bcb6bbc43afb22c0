using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Ranking;

/// <summary>Orders candidates by cosine similarity to the query in the query's model space.</summary>
public static class Ranker
{
    public static IReadOnlyList<SearchHit> Rank(Embedding query, IEnumerable<Candidate> candidates, int top, float? minScore)
    {
        return candidates
            .DistinctBy(c => (c.Source, c.Id))
            .Select(c => (Candidate: c, Vector: c.Embeddings.FirstOrDefault(e => e.ModelId == query.ModelId)))
            .Where(x => x.Vector is not null && x.Vector.Dimensions == query.Dimensions)
            .Select(x => (x.Candidate, Score: VectorMath.Cosine(query.Vector, x.Vector!.Vector)))
            .Where(x => minScore is null || x.Score >= minScore)
            .OrderByDescending(x => x.Score)
            .Take(top)
            .Select(x => new SearchHit(x.Candidate.Id, x.Candidate.Title, x.Candidate.Description, MathF.Round(x.Score, 4), x.Candidate.ImageUrl, x.Candidate.Source))
            .ToList();
    }
}
