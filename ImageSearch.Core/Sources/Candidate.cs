using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Sources;

/// <summary>
/// An image a source proposes for ranking, with whatever embeddings it already has. Web candidates carry the clean JPEG
/// (<see cref="Jpeg"/>, already normalised under the upload limits) so the pipeline can embed and cache it.
/// </summary>
public sealed record Candidate(
    string Id, string Title, string Description, string ImageUrl, string Source, IReadOnlyList<Embedding> Embeddings)
{
    /// <summary>The page the image was found on (web sources).</summary>
    public string? PageUrl { get; init; }

    /// <summary>SHA-256 of the clean JPEG (web sources); the key of the embedding cache.</summary>
    public string? ContentHash { get; init; }

    public byte[]? Jpeg { get; init; }
}
