namespace ImageSearch.Core.Refinement;

/// <summary>
/// What a piece of feedback means for the query: terms to move toward and terms to move away from, and optionally a
/// rewritten query with variations (from the LLM rewriter). <see cref="Source"/> names who parsed it ("rules" or a model id).
/// </summary>
public sealed record FeedbackTerms(
    IReadOnlyList<string> Positive,
    IReadOnlyList<string> Negative,
    string Source,
    string? RewrittenQuery = null,
    IReadOnlyList<string>? Variations = null)
{
    public bool IsEmpty => Positive.Count == 0 && Negative.Count == 0 && RewrittenQuery is null;
}
