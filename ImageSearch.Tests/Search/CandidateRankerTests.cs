using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sources;

namespace ImageSearch.Tests.Search;

/// <summary>A search ranks catalog and web candidates with the catalog's own scoring: the same score for the same vectors.</summary>
[TestClass]
public sealed class CandidateRankerTests
{
    private static readonly CompositeQuery Query = new(
    [
        new WeightedVector(new Embedding("text", [1, 0]), 1f, "text"),
        new WeightedVector(new Embedding("image", [0.6f, 0.8f]), 0.5f, "image"),
    ]);

    [TestMethod]
    public void CatalogAndWebCandidatesWithTheSameVectorsScoreTheSameAsTheCatalogRetrievalDid()
    {
        // The catalog holds fp16: 0.8 and 0.6 as 0.7998046875 and 0.60009765625. Web candidates carry the same values here.
        IReadOnlyList<Embedding> vectors = [new("text", [0.7998046875f, 0.60009765625f]), new("image", [0, 1])];
        var catalog = new CatalogIndex([new CatalogItem("c1", "c1", "", [], "", 1, 1, DateTimeOffset.UnixEpoch, vectors)], "v");
        var retrieved = catalog.Nearest(Query, 1).Single().Score;

        var ranked = CandidateRanker.Rank(
            Query, [CatalogSource.ToCandidate(catalog.ItemAt(0)), new Candidate("w1", "w1", "", "duckduckgo", vectors)], new HashSet<string>(), 10, null);

        // (1·0.7998046875 + 0.5·0.8) / 1.5 = 1.1998046875 / 1.5 = 0.79986979… for both.
        Assert.AreEqual(0.7998698f, retrieved, 1e-6f);
        CollectionAssert.AreEqual(new[] { "c1", "w1" }, ranked.Select(r => r.Candidate.Id).ToArray());
        Assert.AreEqual(retrieved, ranked[0].Score);
        Assert.AreEqual(retrieved, ranked[1].Score);
    }

    [TestMethod]
    public void RejectedAndIncomparableCandidatesAreLeftOut()
    {
        Candidate[] candidates =
        [
            new("kept", "", "", "catalog", [new Embedding("text", [1, 0])]),
            new("rejected", "", "", "catalog", [new Embedding("text", [1, 0])]),
            new("image-only", "", "", "duckduckgo", [new Embedding("image", [0.6f, 0.8f])]),
        ];

        var ranked = CandidateRanker.Rank(Query, candidates, new HashSet<string> { "rejected" }, 10, null);

        CollectionAssert.AreEqual(new[] { "kept" }, ranked.Select(r => r.Candidate.Id).ToArray());
    }
}
