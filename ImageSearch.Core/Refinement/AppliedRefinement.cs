namespace ImageSearch.Core.Refinement;

/// <summary>One step of refinement kept in the session: free-text feedback, or a result picked ("more like this") or rejected ("not this").</summary>
public sealed record AppliedRefinement(
    RefinementKind Kind,
    string? Feedback,
    string? ResultId,
    string? ResultSource,
    string? ResultTitle,
    IReadOnlyList<string> Positive,
    IReadOnlyList<string> Negative,
    string ParsedBy);
