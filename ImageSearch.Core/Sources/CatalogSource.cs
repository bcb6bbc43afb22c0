using ImageSearch.Core.Catalog;

namespace ImageSearch.Core.Sources;

/// <summary>Candidates from our own catalog: the nearest items of the request's catalog snapshot that match its filter.</summary>
public sealed class CatalogSource : IImageSource
{
    public const string SourceName = "catalog";

    public string Name => SourceName;

    public Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Candidate>>([.. query.Catalog.Nearest(query.Vectors, max, query.Filter).Select(s => ToCandidate(s.Item))]);

    public static Candidate ToCandidate(CatalogItem item) =>
        new(item.Id, item.Title, item.Description, SourceName, item.Embeddings) { ImportedAt = item.ImportedAt };
}
