using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Sources;

/// <summary>An image a source proposes for ranking, with whatever embeddings it already has.</summary>
public sealed record Candidate(
    string Id, string Title, string Description, string ImageUrl, string Source, IReadOnlyList<Embedding> Embeddings);
