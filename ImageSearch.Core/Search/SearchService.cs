using ImageSearch.Core.Catalog;
using ImageSearch.Core.Downloads;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Ranking;
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
        using (timer.Stage("session"))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (uploadIds.FirstOrDefault(id => session.State.Uploads.All(u => u.Id != id)) is { } unknown)
        {
            throw new RequestValidationException("unknown-upload", $"Upload '{unknown}' does not belong to this session.");
        }

        var state = session.State with { Query = query, QueryUploadIds = uploadIds, Refinements = [] };
        return await RunAsync(session, state, page, timer, cancellationToken);
    }

    /// <summary>Ranks for <paramref name="state"/> and stores it (with ETag: a concurrent change answers 409, nothing lost).</summary>
    public async Task<SearchResponse> RunAsync(SessionRecord session, SessionState state, Paging page, StageTimer timer, CancellationToken cancellationToken)
    {
        var index = await catalog.GetAsync(cancellationToken);
        var tier = tiers.ActiveFor(index);
        ComposedQuery composed;
        using (timer.Stage("embed"))
        {
            composed = await composer.ComposeAsync(session.Id, state, tier, index, cancellationToken);
        }

        var candidates = new List<Candidate>();
        var statuses = new List<SourceStatus>();
        using (timer.Stage("fetch"))
        {
            var sourceQuery = new SourceQuery(composed.Text, [], composed.Vectors);
            foreach (var source in sources)
            {
                try
                {
                    var found = await source.FindAsync(sourceQuery, page.CandidateCount, cancellationToken);
                    candidates.AddRange(found);
                    statuses.Add(new SourceStatus(source.Name, true, found.Count));
                }
                catch (SourceUnavailableException e)
                {
                    LogSourceFailed(source.Name, e.Reason);
                    statuses.Add(new SourceStatus(source.Name, false, 0, e.Reason));
                }
            }
        }

        IReadOnlyList<SearchHit> hits;
        using (timer.Stage("rank"))
        {
            var ranked = Ranker.Rank(composed.Vectors, candidates.Where(c => !composed.Excluded.Contains(c.Id)), page.Top * page.Page, page.MinScore);
            hits = ranked.Skip(page.Top * (page.Page - 1)).Select(x => Ranker.ToHit(x.Candidate, x.Score)).ToList();
        }

        using (timer.Stage("save"))
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
