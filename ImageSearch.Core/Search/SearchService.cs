using ImageSearch.Core.Errors;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>
/// A new search in a session: text, uploaded images of the session, or both; it starts a new refinement chain, with the
/// controls (filter, cut, order) the request gives (the defaults when it gives none).
/// </summary>
public sealed class SearchService(ISessionStore sessions, RefinerSelector refiners, SearchPipeline pipeline, IOptions<SearchOptions> options)
{
    /// <summary>Whether ranking calls reach the web source (DuckDuckGo and remote images), which has its own quota.</summary>
    public bool ReachesTheWeb { get; } = SourceSelection.Parse(options.Value.Sources).Contains(DuckDuckGoImageSource.SourceName);

    public async Task<SearchOutcome> SearchAsync(
        string sessionId, string? text, IReadOnlyList<string>? uploadIds, PageRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (uploadIds is not null && uploadIds.Any(string.IsNullOrWhiteSpace))
        {
            throw new RequestValidationException("unknown-upload", "\"uploadIds\" must hold upload ids; null or empty entries are not ids.");
        }

        var uploads = uploadIds?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (query is null && uploads.Count == 0)
        {
            throw new RequestValidationException("query-missing", "A non-empty \"query\" or at least one of \"uploadIds\" is required.");
        }

        if (query?.Length > settings.MaxQueryLength)
        {
            throw new RequestValidationException("query-too-long", $"The query is longer than {settings.MaxQueryLength} characters.");
        }

        var page = Paging.Validate(request, settings);
        var controls = ControlRules.Resolve(request, null);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (uploads.FirstOrDefault(id => session.State.Uploads.All(u => u.Id != id)) is { } unknown)
        {
            throw new RequestValidationException("unknown-upload", $"Upload '{unknown}' does not belong to this session.");
        }

        string? combined = null;
        if (query is not null && uploads.Count > 0 && refiners.Active is { RewritesQueries: true } rewriter)
        {
            using (timer.Stage(PipelineStage.Rewrite))
            {
                var captions = string.Join(", ", session.State.Uploads.Where(u => uploads.Contains(u.Id)).Select(u => u.Caption));
                combined = await rewriter.CombineWithCaptionAsync(query, captions, cancellationToken);
            }
        }

        var state = session.State with { Query = query, QueryUploadIds = uploads, Refinements = [], CombinedQuery = combined, Controls = controls };
        return await pipeline.RunAsync(session, state, page, timer, cancellationToken);
    }
}
