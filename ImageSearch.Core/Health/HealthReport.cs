namespace ImageSearch.Core.Health;

public sealed record HealthReport(
    string Status, bool StorageReachable, string? StorageError, string ActiveTier, int CatalogSize, IReadOnlyList<TierHealth> Tiers,
    IReadOnlyList<StageHealth> Stages);

/// <summary>One implementation of a pipeline stage (captioning, refinement): whether it can run, why not, and whether it is the one in use.</summary>
public sealed record StageHealth(string Stage, string Name, bool Available, bool Active, string Detail);

public sealed record TierHealth(string Name, bool Available, string Detail, IReadOnlyList<string> Models, int CatalogItemsEmbedded);
