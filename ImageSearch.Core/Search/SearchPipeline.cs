using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>
/// The ranking of a session's state, which new searches, refinements, undo and re-ranking all end in: read the catalog
/// snapshot once → pick the tier → compose the query → collect candidates (the controls' filter applied inside the catalog
/// scan) → rank → cut (floor, then autocut) → order the kept results → keep the web results' images (at most
/// <see cref="SearchOptions.MaxStoredWebImagesPerSession"/>) → save the session.
/// </summary>
public sealed partial class SearchPipeline(
    ISessionStore sessions,
    CatalogIndexProvider catalog,
    RankingTierSelector tiers,
    QueryComposer composer,
    CandidateCollector collector,
    SessionImages sessionImages,
    IOptions<SearchOptions> options,
    ILogger<SearchPipeline> logger)
{
    /// <summary>Ranks for <paramref name="state"/> and stores it (with ETag: a concurrent change answers 409, nothing lost).</summary>
    public async Task<SearchOutcome> RunAsync(SessionRecord session, SessionState state, Paging page, StageTimer timer, CancellationToken cancellationToken)
    {
        var index = await catalog.GetAsync(cancellationToken);
        var tier = tiers.ActiveFor(index.Covers);
        ComposedQuery composed;
        using (timer.Stage(PipelineStage.Embed))
        {
            composed = await composer.ComposeAsync(session.Id, state, tier, index, cancellationToken);
        }

        var controls = state.Controls ?? RankingControls.Default;
        var found = await collector.CollectAsync(composed, index, tier, controls, page.CandidateCount, timer, cancellationToken);
        IReadOnlyList<(Sources.Candidate Candidate, float Score)> ranked;
        ResultCut cut;
        using (timer.Stage(PipelineStage.Rank))
        {
            var all = CandidateRanker.Rank(composed.Vectors, found.Candidates, composed.Excluded, found.Candidates.Count, null);
            cut = ResultCut.Of([.. all.Select(r => r.Score)], controls.MinScore, controls.Autocut);
            ranked = ResultOrdering.Apply([.. all.Take(cut.Kept)], controls.Order).Skip(page.Top * (page.Page - 1)).Take(page.Top).ToList();
        }

        var shownWeb = ranked.Select(x => x.Candidate).Where(c => c.Jpeg is not null).ToList();
        foreach (var web in shownWeb)
        {
            await sessionImages.SaveResultAsync(session.Id, web.Id, web.Jpeg!, cancellationToken);
        }

        if (shownWeb.Count > 0)
        {
            await sessionImages.PruneResultsAsync(
                session.Id, shownWeb.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), options.Value.MaxStoredWebImagesPerSession, cancellationToken);
        }

        var results = ranked.Select(x => CandidateRanker.ToResult(x.Candidate, x.Score)).ToList();
        using (timer.Stage(PipelineStage.Save))
        {
            var saved = state with
            {
                EffectiveQuery = composed.Display, LastResults = results, SearchCount = state.SearchCount + 1, Controls = controls.IsDefault ? null : controls,
            };
            await sessions.UpdateAsync(session, saved, cancellationToken);
        }

        LogSearched(SessionId.LogTag(session.Id), composed.Vectors.Components.Count, found.Candidates.Count, results.Count, tier.Name);
        return new SearchOutcome(
            session.Id, state.Query, composed.Display, results, tier.Name, [.. tier.Models.Select(m => m.Id)], found.Candidates.Count,
            page.Page, state.QueryUploadIds, state.Refinements, found.Sources, timer.Timings, controls, cut);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session {SessionTag} searched ({Components} query vectors): {CandidateCount} candidates, {ResultCount} results, tier {Tier}")]
    private partial void LogSearched(string sessionTag, int components, int candidateCount, int resultCount, string tier);
}
