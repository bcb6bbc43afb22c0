namespace ImageSearch.Core.Sources;

/// <summary>Proposes candidate images for a query (the catalog, the web).</summary>
public interface IImageSource
{
    string Name { get; }

    /// <summary>
    /// At most <paramref name="max"/> candidates. Candidates without embeddings of the active tier are embedded by the
    /// pipeline (web images); a source that fails throws <see cref="SourceUnavailableException"/> and the search goes on
    /// with the other sources, saying so in the response.
    /// </summary>
    Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken);
}
