using ImageSearch.Core.Catalog;

namespace ImageSearch.Core.Sources;

/// <summary>Candidates from our own catalog: the nearest items in the in-memory index.</summary>
public sealed class CatalogSource(CatalogIndexProvider index) : IImageSource
{
    public const string SourceName = "catalog";

    public string Name => SourceName;

    public async Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken)
    {
        var snapshot = await index.GetAsync(cancellationToken);
        return snapshot.Nearest(query.Vectors, max).Select(s => ToCandidate(s.Item)).ToList();
    }

    public static Candidate ToCandidate(CatalogItem item) =>
        new(item.Id, item.Title, item.Description, ImageUrl(item.Id), SourceName, item.Embeddings);

    public static string ImageUrl(string itemId) => $"/api/catalog/{itemId}/image";
}
