using ImageSearch.Core.Catalog;
using ImageSearch.Core.Downloads;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>
/// The search pipeline of a session: compose the query (text, images, refinements) → fetch candidates from the sources
/// → rank → remember. New searches, refinements and undo all end here (<see cref="RunAsync"/>).
/// </summary>
public sealed partial class SearchService(
    ISessionStore sessions,
    RankingTierSelector tiers,
    IEnumerable<IImageSource> sources,
    CatalogIndexProvider catalog,
    QueryComposer composer,
    CandidateEmbedder candidateEmbedder,
    RefinerSelector refiners,
    SessionImages sessionImages,
    ResultLinks links,
    IOptions<SearchOptions> options,
    ILogger<SearchService> logger)
{
    /// <summary>A new search: text and/or uploads of the session; clears the refinement chain.</summary>
    public async Task<SearchResponse> SearchAsync(string sessionId, SearchRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = string.IsNullOrWhiteSpace(request.Query) ? null : request.Query.Trim();
        var uploadIds = request.UploadIds?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (query is null && uploadIds.Count == 0)
        {
            throw new RequestValidationException("query-missing", "A non-empty \"query\" or at least one of \"uploadIds\" is required.");
        }

        if (query?.Length > settings.MaxQueryLength)
        {
            throw new RequestValidationException("query-too-long", $"The query is longer than {settings.MaxQueryLength} characters.");
        }

        var page = Paging.Validate(request.Top, request.Candidates, request.MinScore, request.Page, settings);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (uploadIds.FirstOrDefault(id => session.State.Uploads.All(u => u.Id != id)) is { } unknown)
        {
            throw new RequestValidationException("unknown-upload", $"Upload '{unknown}' does not belong to this session.");
        }

        string? combined = null;
        if (query is not null && uploadIds.Count > 0 && refiners.Active is LlmQueryRewriter rewriter)
        {
            using (timer.Stage(PipelineStage.Rewrite))
            {
                var captions = string.Join(", ", session.State.Uploads.Where(u => uploadIds.Contains(u.Id)).Select(u => u.Caption));
                combined = await rewriter.CombineWithCaptionAsync(query, captions, cancellationToken);
            }
        }

        var state = session.State with { Query = query, QueryUploadIds = uploadIds, Refinements = [], CombinedQuery = combined };
        return await RunAsync(session, state, page, timer, cancellationToken);
    }

    /// <summary>Ranks for <paramref name="state"/> and stores it (with ETag: a concurrent change answers 409, nothing lost).</summary>
    public async Task<SearchResponse> RunAsync(SessionRecord session, SessionState state, Paging page, StageTimer timer, CancellationToken cancellationToken)
    {
        var index = await catalog.GetAsync(cancellationToken);
        var tier = tiers.ActiveFor(index);
        ComposedQuery composed;
        using (timer.Stage(PipelineStage.Embed))
        {
            composed = await composer.ComposeAsync(session.Id, state, tier, index, cancellationToken);
        }

        IReadOnlyList<Candidate> candidates;
        IReadOnlyList<SourceStatus> statuses;
        using (timer.Stage(PipelineStage.Fetch))
        {
            var selected = SourceSelection.Select(sources, options.Value.Sources);
            // Web sources search with the query and a few variations (the LLM rewriter's; the rules give none).
            IReadOnlyList<string> variations = selected.Any(s => s.Name != CatalogSource.SourceName)
                ? await refiners.Active.VaryAsync(composed.Text, 2, cancellationToken)
                : [];
            var found = await SourceFanOut.FindAsync(selected, new SourceQuery(composed.Text, variations, composed.Vectors), page.CandidateCount, cancellationToken);
            (candidates, statuses) = (found.Candidates, found.Sources);
            foreach (var failed in statuses.Where(s => !s.Available))
            {
                LogSourceFailed(failed.Name, failed.Reason ?? "");
            }
        }

        using (timer.Stage(PipelineStage.EmbedCandidates))
        {
            candidates = await candidateEmbedder.EmbedAsync(tier, candidates, cancellationToken);
        }

        IReadOnlyList<SearchHit> hits;
        IReadOnlyList<(Candidate Candidate, float Score)> ranked;
        using (timer.Stage(PipelineStage.Rank))
        {
            ranked = Ranker.Rank(composed.Vectors, candidates.Where(c => !composed.Excluded.Contains(c.Id)), page.Top * page.Page, page.MinScore);
            ranked = ranked.Skip(page.Top * (page.Page - 1)).ToList();
            hits = ranked.Select(x => Ranker.ToHit(x.Candidate, x.Score)).ToList();
        }

        foreach (var (web, _) in ranked.Where(x => x.Candidate.Jpeg is not null))
        {
            await sessionImages.SaveResultAsync(session.Id, web.Id, web.Jpeg!, cancellationToken);
        }

        using (timer.Stage(PipelineStage.Save))
        {
            var saved = state with { EffectiveQuery = composed.Display, LastResults = hits, SearchCount = state.SearchCount + 1 };
            await sessions.UpdateAsync(session, saved, cancellationToken);
        }

        LogSearched(SessionId.LogTag(session.Id), composed.Vectors.Components.Count, candidates.Count, hits.Count, tier.Name);
        var ranking = new RankingInfo(tier.Name, tier.Models.Select(m => m.Id).ToList());
        return new SearchResponse(
            state.Query, composed.Display, links.WithLinks(session.Id, hits), ranking, candidates.Count, page.Page,
            state.QueryUploadIds, state.Refinements, statuses, timer.Timings);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session {SessionTag} searched ({Components} query vectors): {CandidateCount} candidates, {ResultCount} results, tier {Tier}")]
    private partial void LogSearched(string sessionTag, int components, int candidateCount, int resultCount, string tier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} unavailable: {Reason}")]
    private partial void LogSourceFailed(string source, string reason);
}
