namespace ImageSearch.Core.Search;

/// <summary>What a caller asks of a ranking: results per page, which page, candidates to rank, a relevance floor. Nulls take the configured defaults.</summary>
public sealed record PageRequest(int? Top = null, int? Candidates = null, float? MinScore = null, int? Page = null);
