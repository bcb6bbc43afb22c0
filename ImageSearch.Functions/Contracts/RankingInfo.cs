namespace ImageSearch.Functions.Contracts;

/// <summary>Which tier and models produced a ranking; part of every search response.</summary>
public sealed record RankingInfo(string Tier, IReadOnlyList<string> Models, string? Captioner = null, string? Refiner = null);
