using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Sources;

/// <summary>
/// An image a source proposes for ranking, with whatever embeddings it already has. Web candidates carry the clean JPEG
/// (<see cref="Jpeg"/>, already normalised under the upload limits) so the pipeline can embed and cache it. Ids of the
/// catalog and of the web are both the first 24 hex digits of the clean JPEG's SHA-256.
/// </summary>
public sealed record Candidate(string Id, string Title, string Description, string Source, IReadOnlyList<Embedding> Embeddings)
{
    /// <summary>The remote URL the image was fetched from (web sources); clients get a download link instead.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>The page the image was found on (web sources).</summary>
    public string? PageUrl { get; init; }

    /// <summary>SHA-256 of the clean JPEG (web sources); the key of the embedding cache.</summary>
    public string? ContentHash { get; init; }

    public byte[]? Jpeg { get; init; }

    /// <summary>When the image joined the catalog (catalog items); web images have none.</summary>
    public DateTimeOffset? ImportedAt { get; init; }
}
