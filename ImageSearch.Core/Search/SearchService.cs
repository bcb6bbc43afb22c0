using ImageSearch.Core.Errors;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>The text-search pipeline of a session: embed the query → fetch candidates → rank → remember.</summary>
public sealed partial class SearchService(
    ISessionStore sessions,
    RankingTierSelector tiers,
    IEnumerable<IImageSource> sources,
    IOptions<SearchOptions> options,
    ILogger<SearchService> logger)
{
    public async Task<SearchResponse> SearchAsync(string sessionId, SearchRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = Validate(request, settings);
        var top = request.Top ?? settings.DefaultTop;
        var candidateCount = Math.Max(top, request.Candidates ?? settings.DefaultCandidates);
        var timer = new StageTimer();

        SessionRecord session;
        using (timer.Stage("session"))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        var tier = tiers.Active;
        Embeddings.Embedding queryEmbedding;
        using (timer.Stage("embed"))
        {
            queryEmbedding = await tier.EmbedQueryAsync(query, cancellationToken);
        }

        var candidates = new List<Candidate>();
        using (timer.Stage("fetch"))
        {
            foreach (var source in sources)
            {
                candidates.AddRange(await source.FindAsync(new SourceQuery(query, [], CompositeQuery.Of(queryEmbedding)), candidateCount, cancellationToken));
            }
        }

        IReadOnlyList<SearchHit> hits;
        using (timer.Stage("rank"))
        {
            hits = Ranker.Rank(CompositeQuery.Of(queryEmbedding), candidates, top, request.MinScore).Select(x => Ranker.ToHit(x.Candidate, x.Score)).ToList();
        }

        using (timer.Stage("save"))
        {
            var state = session.State with { Query = query, LastResults = hits, SearchCount = session.State.SearchCount + 1 };
            await sessions.UpdateAsync(session, state, cancellationToken);
        }

        LogSearched(SessionId.LogTag(sessionId), query.Length, candidates.Count, hits.Count, tier.Name);
        var ranking = new RankingInfo(tier.Name, tier.Models.Select(m => m.Id).ToList());
        return new SearchResponse(query, query, hits, ranking, candidates.Count, timer.Timings);
    }

    private static string Validate(SearchRequest request, SearchOptions settings)
    {
        var query = request.Query?.Trim();
        if (string.IsNullOrEmpty(query))
        {
            throw new RequestValidationException("query-missing", "A non-empty \"query\" is required.");
        }

        if (query.Length > settings.MaxQueryLength)
        {
            throw new RequestValidationException("query-too-long", $"The query is longer than {settings.MaxQueryLength} characters.");
        }

        if (request.Top is < 1 || request.Top > settings.MaxTop)
        {
            throw new RequestValidationException("invalid-top", $"\"top\" must be between 1 and {settings.MaxTop}.");
        }

        if (request.Candidates is < 1 || request.Candidates > settings.MaxCandidates)
        {
            throw new RequestValidationException("invalid-candidates", $"\"candidates\" must be between 1 and {settings.MaxCandidates}.");
        }

        if (request.MinScore is { } floor && (float.IsNaN(floor) || floor < -1 || floor > 1))
        {
            throw new RequestValidationException("invalid-min-score", "\"minScore\" must be between -1 and 1.");
        }

        return query;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Session {SessionTag} searched ({QueryLength} chars): {CandidateCount} candidates, {ResultCount} results, tier {Tier}")]
    private partial void LogSearched(string sessionTag, int queryLength, int candidateCount, int resultCount, string tier);
}
