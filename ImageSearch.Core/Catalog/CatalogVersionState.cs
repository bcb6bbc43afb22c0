namespace ImageSearch.Core.Catalog;

/// <summary>
/// The catalog's version row as the snapshot writer needs it: the opaque <see cref="Version"/>, when it last changed and
/// the storage service's clock at the time of the read (both server time, so no instance clock is trusted).
/// </summary>
public sealed record CatalogVersionState(string Version, DateTimeOffset ChangedAt, DateTimeOffset ServerNow);
