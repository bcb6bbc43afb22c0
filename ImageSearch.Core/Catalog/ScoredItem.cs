namespace ImageSearch.Core.Catalog;

public sealed record ScoredItem(CatalogItem Item, float Score);
