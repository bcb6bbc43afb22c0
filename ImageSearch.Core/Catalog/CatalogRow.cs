namespace ImageSearch.Core.Catalog;

/// <summary>An item as its table row holds it, with the row's server timestamp and ETag (what the index's deltas track).</summary>
public sealed record CatalogRow(CatalogItem Item, DateTimeOffset Timestamp, string ETag);
