using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// Turns free-text feedback ("remove trees", "focus on blue sky") on the current query into positive and negative terms.
/// The rule-based refiner always works; the LLM rewriter is used when its model is present and answers in time.
/// </summary>
public interface IQueryRefiner
{
    string Name { get; }

    int Priority { get; }

    ModelStatus Status { get; }

    /// <summary>Whether this refiner writes queries of its own (variations, captions merged in) rather than only parsing feedback.</summary>
    bool RewritesQueries { get; }

    Task<FeedbackTerms> ParseFeedbackAsync(string currentQuery, string feedback, CancellationToken cancellationToken);

    /// <summary>Variations of a query (for fetching more web candidates); the rule-based refiner returns none.</summary>
    Task<IReadOnlyList<string>> VaryAsync(string query, int count, CancellationToken cancellationToken);

    /// <summary>
    /// One query from a typed query and the captions of example images, or null when the refiner cannot merge them (the
    /// rule-based refiner never can; the caller then uses the query and the captions side by side).
    /// </summary>
    Task<string?> CombineWithCaptionAsync(string query, string caption, CancellationToken cancellationToken);
}
