namespace ImageSearch.Core.Catalog;

/// <summary>One change entry (<see cref="CatalogChangeEntries"/>): its key, the item row it records, and when (server time) it was written.</summary>
public sealed record CatalogChange(string Key, string Partition, string ItemId, DateTimeOffset Timestamp);
