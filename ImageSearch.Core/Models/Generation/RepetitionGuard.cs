namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// Keeps small models from looping ("a cat a cat a cat"): the no-repeat n-gram rule and the repetition penalty of
/// Hugging Face's logits processors, applied to the generated tokens only (a rewrite may reuse words of its prompt).
/// </summary>
public static class RepetitionGuard
{
    /// <summary>
    /// Tokens that would complete an n-gram of size <paramref name="n"/> already present in <paramref name="sequence"/>:
    /// every token that once followed the sequence's last n-1 tokens.
    /// </summary>
    public static IReadOnlySet<int> BannedTokens(IReadOnlyList<int> sequence, int n)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var banned = new HashSet<int>();
        if (n <= 0 || sequence.Count + 1 < n)
        {
            return banned;
        }

        var prefixStart = sequence.Count - (n - 1);
        for (var start = 0; start + n <= sequence.Count; start++)
        {
            var matches = true;
            for (var k = 0; k < n - 1 && matches; k++)
            {
                matches = sequence[start + k] == sequence[prefixStart + k];
            }

            if (matches)
            {
                banned.Add(sequence[start + n - 1]);
            }
        }

        return banned;
    }

    /// <summary>Lowers the logits of tokens already generated: positive ones are divided by the penalty, negative ones multiplied.</summary>
    public static void Penalise(Span<float> logits, IEnumerable<int> generated, float penalty)
    {
        ArgumentNullException.ThrowIfNull(generated);
        foreach (var token in generated.Distinct())
        {
            logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
        }
    }
}
