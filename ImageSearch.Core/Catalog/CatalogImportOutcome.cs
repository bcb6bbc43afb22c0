using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Catalog;

/// <summary>What became of one image of an import: the stored item, or why it was rejected (nothing of it is stored).</summary>
public sealed record CatalogImportOutcome(CatalogItem? Item, ImageSearchException? Rejection)
{
    public static CatalogImportOutcome Imported(CatalogItem item) => new(item, null);

    public static CatalogImportOutcome Rejected(ImageSearchException rejection) => new(null, rejection);
}
