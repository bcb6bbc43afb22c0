namespace ImageSearch.Core.Catalog;

/// <summary>A stored item row: its ETag and the key of the change entry written with it (<see cref="CatalogChangeEntries"/>).</summary>
public sealed record CatalogWrite(string ETag, string ChangeKey);
