using ImageSearch.Core.Errors;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Refinement;

/// <summary>Refines a session's search step by step (feedback, "more like this", "not this") and undoes the last step.</summary>
public sealed class RefinementService(
    ISessionStore sessions, SearchService search, RefinerSelector refiners, IOptions<SearchOptions> options)
{
    public const int MaxFeedbackLength = 300;
    public const int MaxSteps = 20;

    public async Task<SearchResponse> RefineAsync(string sessionId, RefineRequest request, CancellationToken cancellationToken)
    {
        var given = new[] { request.Feedback, request.Select, request.Reject }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new RequestValidationException("invalid-refinement", "Give exactly one of \"feedback\", \"select\" or \"reject\".");
        }

        var page = Paging.Validate(request.Top, null, request.MinScore, request.Page, options.Value);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (!session.State.HasSearch)
        {
            throw new ImageSearchException("no-search-to-refine", "Nothing to refine", 409, "Search first, then refine the results.");
        }

        if (session.State.Refinements.Count >= MaxSteps)
        {
            throw new RequestValidationException("too-many-refinements", $"At most {MaxSteps} refinements; undo one or start a new search.");
        }

        AppliedRefinement step;
        using (timer.Stage(PipelineStage.Refine))
        {
            step = request.Feedback is { } feedback
                ? await ParseFeedbackAsync(session.State, feedback.Trim(), cancellationToken)
                : ResultStep(session.State, request.Select is not null ? RefinementKind.Select : RefinementKind.Reject, (request.Select ?? request.Reject)!);
        }

        var state = session.State with { Refinements = [.. session.State.Refinements, step] };
        return await search.RunAsync(session, state, page, timer, cancellationToken);
    }

    public async Task<SearchResponse> UndoAsync(string sessionId, UndoRequest request, CancellationToken cancellationToken)
    {
        var page = Paging.Validate(request.Top, null, request.MinScore, request.Page, options.Value);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (session.State.Refinements.Count == 0)
        {
            throw new ImageSearchException("nothing-to-undo", "Nothing to undo", 409, "There is no refinement to undo.");
        }

        var state = session.State with { Refinements = session.State.Refinements.Take(session.State.Refinements.Count - 1).ToList() };
        return await search.RunAsync(session, state, page, timer, cancellationToken);
    }

    private async Task<AppliedRefinement> ParseFeedbackAsync(SessionState state, string feedback, CancellationToken cancellationToken)
    {
        if (feedback.Length > MaxFeedbackLength)
        {
            throw new RequestValidationException("feedback-too-long", $"Feedback is limited to {MaxFeedbackLength} characters.");
        }

        var terms = await refiners.Active.ParseFeedbackAsync(state.EffectiveQuery ?? state.Query ?? "", feedback, cancellationToken);
        if (terms.IsEmpty)
        {
            throw new RequestValidationException("feedback-not-understood", "The feedback has no term to move toward or away from.");
        }

        var positive = terms.RewrittenQuery is { } rewritten ? [.. terms.Positive, rewritten] : terms.Positive;
        return new AppliedRefinement(RefinementKind.Feedback, feedback, null, null, null, positive, terms.Negative, terms.Source);
    }

    private static AppliedRefinement ResultStep(SessionState state, RefinementKind kind, string resultId)
    {
        var hit = state.LastResults.FirstOrDefault(r => r.Id == resultId)
            ?? throw new RequestValidationException("unknown-result", "No result with this id in the session's last results.");
        IReadOnlyList<string> positive = kind == RefinementKind.Select && hit.Description.Length > 0 ? [hit.Description] : [];
        return new AppliedRefinement(kind, null, hit.Id, hit.Source, hit.Title, positive, [], "rocchio");
    }
}
