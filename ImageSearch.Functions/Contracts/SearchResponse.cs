using ImageSearch.Core.Search;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>The answer of a search, a refinement or an undo.</summary>
public sealed record SearchResponse(
    string? Query,
    string EffectiveQuery,
    IReadOnlyList<SearchHit> Results,
    RankingInfo Ranking,
    int Candidates,
    int Page,
    IReadOnlyList<string> UploadIds,
    IReadOnlyList<RefinementView> Refinements,
    IReadOnlyList<SourceView> Sources,
    IReadOnlyList<StageTimingView> Timings,
    ControlsView Controls,
    CutView Cut)
{
    public static SearchResponse From(SearchOutcome outcome, ApiLinks links) => new(
        outcome.Query,
        outcome.EffectiveQuery,
        [.. outcome.Results.Select(r => SearchHit.From(outcome.SessionId, r, links))],
        new RankingInfo(outcome.Tier, outcome.Models),
        outcome.Candidates,
        outcome.Page,
        outcome.UploadIds,
        [.. outcome.Refinements.Select(RefinementView.From)],
        [.. outcome.Sources.Select(SourceView.From)],
        [.. outcome.Timings.Select(StageTimingView.From)],
        ControlsView.From(outcome.Controls),
        CutView.From(outcome.Cut));
}
