using ImageSearch.Core.Catalog;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>An imported catalog item as the import endpoint answers it.</summary>
public sealed record CatalogItemView(
    string Id, string Title, string Description, IReadOnlyList<string> Tags, string Category, int Width, int Height, string ImageUrl,
    IReadOnlyList<string> Models)
{
    public static CatalogItemView From(CatalogItem item, ApiLinks links) => new(
        item.Id, item.Title, item.Description, item.Tags, item.Category, item.Width, item.Height, links.CatalogImage(item.Id),
        [.. item.Embeddings.Select(e => e.ModelId)]);
}
