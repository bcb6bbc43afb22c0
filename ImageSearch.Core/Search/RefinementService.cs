using ImageSearch.Core.Errors;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Search;

/// <summary>
/// Refines a session's search step by step (feedback, "more like this", "not this"), undoes the last step, or ranks the
/// chain again with new controls. Each keeps the session's controls (filter, cut, order) unless the request gives new ones.
/// </summary>
public sealed class RefinementService(
    ISessionStore sessions, SearchPipeline pipeline, RefinerSelector refiners, IOptions<SearchOptions> options)
{
    public const int MaxFeedbackLength = 300;
    public const int MaxSteps = 20;

    /// <summary>One step: exactly one of free-text <paramref name="feedback"/>, a result to move toward, or one to move away from.</summary>
    public async Task<SearchOutcome> RefineAsync(
        string sessionId, string? feedback, string? select, string? reject, PageRequest request, CancellationToken cancellationToken)
    {
        var given = new[] { feedback, select, reject }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new RequestValidationException("invalid-refinement", "Give exactly one of \"feedback\", \"select\" or \"reject\".");
        }

        var page = Paging.Validate(request with { Candidates = null }, options.Value);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        var controls = ControlRules.Resolve(request, session.State.Controls);
        if (!session.State.HasSearch)
        {
            throw new ImageSearchException("no-search-to-refine", ErrorKind.Conflict, "Nothing to refine", "Search first, then refine the results.");
        }

        if (session.State.Refinements.Count >= MaxSteps)
        {
            throw new RequestValidationException("too-many-refinements", $"At most {MaxSteps} refinements; undo one or start a new search.");
        }

        AppliedRefinement step;
        using (timer.Stage(PipelineStage.Refine))
        {
            step = feedback is not null
                ? await ParseFeedbackAsync(session.State, feedback.Trim(), cancellationToken)
                : ResultStep(session.State, select is not null ? RefinementKind.Select : RefinementKind.Reject, (select ?? reject)!);
        }

        var state = session.State with { Refinements = [.. session.State.Refinements, step], Controls = controls };
        return await pipeline.RunAsync(session, state, page, timer, cancellationToken);
    }

    /// <summary>Drops the last refinement step and ranks again with <paramref name="request"/>'s page size and floor.</summary>
    public async Task<SearchOutcome> UndoAsync(string sessionId, PageRequest request, CancellationToken cancellationToken)
    {
        var page = Paging.Validate(request with { Candidates = null }, options.Value);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (session.State.Refinements.Count == 0)
        {
            throw new ImageSearchException("nothing-to-undo", ErrorKind.Conflict, "Nothing to undo", "There is no refinement to undo.");
        }

        var controls = ControlRules.Resolve(request, session.State.Controls);
        var state = session.State with { Refinements = session.State.Refinements.Take(session.State.Refinements.Count - 1).ToList(), Controls = controls };
        return await pipeline.RunAsync(session, state, page, timer, cancellationToken);
    }

    /// <summary>Ranks the current search and its refinements again, with <paramref name="request"/>'s controls and paging.</summary>
    public async Task<SearchOutcome> RerankAsync(string sessionId, PageRequest request, CancellationToken cancellationToken)
    {
        var page = Paging.Validate(request with { Candidates = null }, options.Value);
        var timer = new StageTimer();
        SessionRecord session;
        using (timer.Stage(PipelineStage.Session))
        {
            session = await sessions.TouchAsync(sessionId, cancellationToken);
        }

        if (!session.State.HasSearch)
        {
            throw new ImageSearchException("no-search-to-rank", ErrorKind.Conflict, "Nothing to rank", "Search first, then change the filters, cut or order.");
        }

        var state = session.State with { Controls = ControlRules.Resolve(request, session.State.Controls) };
        return await pipeline.RunAsync(session, state, page, timer, cancellationToken);
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
