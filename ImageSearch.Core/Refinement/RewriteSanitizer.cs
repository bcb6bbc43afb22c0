using System.Text;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// Turns a model continuation into a search query, or rejects it as junk: first line only, quotes and symbols removed
/// (letters, digits, spaces and <c>- , . ' &amp; /</c> kept), at most <see cref="MaxLength"/> characters.
/// </summary>
public static class RewriteSanitizer
{
    public const int MaxLength = 100;

    private const string KeptPunctuation = "-,.'&/";

    /// <param name="continuation">What the model wrote after the prompt.</param>
    /// <param name="notEqualTo">Answers that would be no rewrite at all (the query itself, variations already found).</param>
    public static SanitizedRewrite Sanitize(string continuation, IEnumerable<string> notEqualTo)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var line = continuation.Split('\n')[0];
        if (RewritePrompts.Labels.Any(label => line.Contains(label, StringComparison.OrdinalIgnoreCase)))
        {
            return SanitizedRewrite.Rejected("repeats the prompt");
        }

        var text = Clean(line);
        var letters = text.Count(char.IsLetter);
        var visible = text.Count(c => c != ' ');
        string? rejection = text switch
        {
            "" => "empty",
            _ when letters < 2 || letters < 0.6 * visible => "mostly non-letters",
            _ when text.Length > MaxLength => "too long",
            _ when text.Split(' ').GroupBy(w => w, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() >= 3) => "repeats a word",
            _ when RewritePrompts.ExampleAnswers.Contains(text, StringComparer.OrdinalIgnoreCase) => "copies the prompt's example",
            _ when notEqualTo.Any(other => string.Equals(Clean(other), text, StringComparison.OrdinalIgnoreCase)) => "unchanged",
            _ => null,
        };
        return rejection is null ? new SanitizedRewrite(text, null) : SanitizedRewrite.Rejected(rejection);
    }

    private static string Clean(string line)
    {
        var kept = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            kept.Append(char.IsLetterOrDigit(c) || KeptPunctuation.Contains(c) ? c : ' ');
        }

        var words = kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim(['\'', '-', '/']))
            .Where(word => word.Length > 0);
        return string.Join(' ', words).Trim(['.', ',', ' ']);
    }
}

/// <summary>A usable query (<see cref="Text"/>), or why the continuation was rejected.</summary>
public sealed record SanitizedRewrite(string? Text, string? Rejection)
{
    public static SanitizedRewrite Rejected(string reason) => new(null, reason);
}
