using System.Text.RegularExpressions;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// Parses feedback with rules: the text is split into clauses ("remove trees and focus on blue sky"), each clause is
/// negative when it starts with a removal phrase ("remove", "no", "without", "less", "not", "exclude", "hide", "fewer",
/// "get rid of", "don't show", "-") and positive otherwise ("focus on", "more", "add", "with", "show" are stripped).
/// Always available; the LLM rewriter falls back to it.
/// </summary>
public sealed partial class RuleBasedRefiner : IQueryRefiner
{
    public const string SourceName = "rules";
    private const int MaxTermLength = 60;

    private static readonly string[] NegativePrefixes =
    [
        "get rid of", "don't show", "do not show", "don't want", "do not want", "don't include", "not so many", "take out", "leave out",
        "remove", "without", "exclude", "no more", "no", "not", "less", "fewer", "hide", "drop", "delete", "minus", "skip", "except", "-",
    ];

    private static readonly string[] PositivePrefixes =
    [
        "focus on", "zoom in on", "make it", "make them", "i want", "show me", "show", "more of", "more", "add", "with", "include",
        "only", "just", "prefer", "emphasize", "emphasise", "plus", "+",
    ];

    private static readonly string[] Fillers = ["the", "a", "an", "some", "any", "all", "please", "of", "those", "these"];

    public string Name => SourceName;

    public int Priority => 0;

    public ModelStatus Status => ModelStatus.Available("Rules; always available.");

    public bool RewritesQueries => false;

    public Task<FeedbackTerms> ParseFeedbackAsync(string currentQuery, string feedback, CancellationToken cancellationToken) =>
        Task.FromResult(Parse(feedback));

    public Task<IReadOnlyList<string>> VaryAsync(string query, int count, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<string?> CombineWithCaptionAsync(string query, string caption, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public static FeedbackTerms Parse(string feedback)
    {
        var positive = new List<string>();
        var negative = new List<string>();
        foreach (var raw in ClauseSeparator().Split(feedback.ToLowerInvariant()))
        {
            var clause = Whitespace().Replace(raw.Trim(' ', '.', '!', '?', '"', '\''), " ");
            if (clause.Length == 0)
            {
                continue;
            }

            var (rest, isNegative) = StripPrefix(clause, NegativePrefixes) is { } n ? (n, true) : (StripPrefix(clause, PositivePrefixes) ?? clause, false);
            var term = StripFillers(rest);
            if (term.Length is > 0 and <= MaxTermLength)
            {
                (isNegative ? negative : positive).Add(term);
            }
        }

        return new FeedbackTerms(positive.Distinct().ToList(), negative.Distinct().ToList(), SourceName);
    }

    private static string? StripPrefix(string clause, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (clause.StartsWith(prefix, StringComparison.Ordinal)
                && (clause.Length == prefix.Length || !char.IsLetterOrDigit(clause[prefix.Length]) || !char.IsLetterOrDigit(prefix[^1])))
            {
                return clause[prefix.Length..].Trim();
            }
        }

        return null;
    }

    private static string StripFillers(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && Fillers.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    [GeneratedRegex(@"\s*(?:,|;|\band\b|\bbut\b|\bthen\b|\.\s)\s*")]
    private static partial Regex ClauseSeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
