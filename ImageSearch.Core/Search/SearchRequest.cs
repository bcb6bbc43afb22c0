namespace ImageSearch.Core.Search;

/// <summary>The body of a text search. Null numbers take the configured defaults.</summary>
public sealed record SearchRequest(string? Query, int? Top = null, int? Candidates = null, float? MinScore = null);
