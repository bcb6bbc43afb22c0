using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Sources;

/// <summary>Proposes candidate images for a query (the catalog, the web).</summary>
public interface IImageSource
{
    string Name { get; }

    Task<IReadOnlyList<Candidate>> FindAsync(Embedding query, int max, CancellationToken cancellationToken);
}
