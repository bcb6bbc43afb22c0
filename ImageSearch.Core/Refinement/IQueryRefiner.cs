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

    Task<FeedbackTerms> ParseFeedbackAsync(string currentQuery, string feedback, CancellationToken cancellationToken);

    /// <summary>Variations of a query (for fetching more web candidates); the rule-based refiner returns none.</summary>
    Task<IReadOnlyList<string>> VaryAsync(string query, int count, CancellationToken cancellationToken);
}
