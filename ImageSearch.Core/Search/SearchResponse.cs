using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

public sealed record SearchResponse(
    string? Query,
    string EffectiveQuery,
    IReadOnlyList<SearchHit> Results,
    RankingInfo Ranking,
    int Candidates,
    int Page,
    IReadOnlyList<string> UploadIds,
    IReadOnlyList<AppliedRefinement> Refinements,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<StageTiming> Timings);
