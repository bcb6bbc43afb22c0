namespace ImageSearch.Core.Catalog;

/// <summary>
/// An item as its table row holds it, with the row's server timestamp and ETag (what the index's deltas track) and, when
/// this instance wrote it, the key of its change entry (so the next delta does not read it back).
/// </summary>
public sealed record CatalogRow(CatalogItem Item, DateTimeOffset Timestamp, string ETag, string? ChangeKey = null);
