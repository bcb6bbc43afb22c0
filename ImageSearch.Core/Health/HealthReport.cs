namespace ImageSearch.Core.Health;

public sealed record HealthReport(string Status, bool StorageReachable, string? StorageError, string ActiveTier, int CatalogSize, IReadOnlyList<TierHealth> Tiers);

public sealed record TierHealth(string Name, bool Available, string Detail, IReadOnlyList<string> Models, int CatalogItemsEmbedded);
