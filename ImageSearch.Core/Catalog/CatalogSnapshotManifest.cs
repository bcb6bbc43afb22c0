namespace ImageSearch.Core.Catalog;

/// <summary>
/// The small pointer blob that names the current catalog snapshot (switched by a conditional write once the snapshot is
/// complete, so a reader never sees a partial one). <see cref="Watermark"/>: every row with an older server timestamp is
/// in the snapshot (rows changed later are read as a delta); <see cref="Version"/>: the catalog version it was taken at;
/// <see cref="Bytes"/> and <see cref="Hash"/> (XxHash3, hex) check the blob as it streams.
/// </summary>
public sealed record CatalogSnapshotManifest(
    string Blob, int Format, string Version, DateTimeOffset Watermark, long Items, long Bytes, string Hash, DateTimeOffset CreatedAt);
