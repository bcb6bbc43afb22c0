namespace ImageSearch.Core.Catalog;

/// <summary>
/// An index loaded from a snapshot: every row older than <see cref="Watermark"/> (server time) is in it; <see cref="Recent"/>
/// are its rows from the overlap window before the watermark, whose ETags let the first delta skip what it already holds.
/// </summary>
public sealed record CatalogSnapshot(CatalogIndex Index, DateTimeOffset Watermark, string Version, IReadOnlyList<CatalogRow> Recent);
