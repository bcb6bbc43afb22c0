namespace ImageSearch.Core.Search;

public sealed record SearchResponse(
    string Query,
    string EffectiveQuery,
    IReadOnlyList<SearchHit> Results,
    RankingInfo Ranking,
    int Candidates,
    IReadOnlyList<StageTiming> Timings);
