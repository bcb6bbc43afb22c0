namespace ImageSearch.Core.Models.Generation;

/// <summary>Turns one row of raw logits into log-probabilities with the generation constraints applied.</summary>
internal static class NextTokenScores
{
    /// <summary>
    /// In place: repetition penalty on the logits, log-softmax, then banned n-grams and early stop tokens set to -infinity
    /// (the order Hugging Face's beam search uses).
    /// </summary>
    public static void Compute(Span<float> logits, IReadOnlyList<int> generated, GenerationOptions options)
    {
        if (options.RepetitionPenalty != 1f)
        {
            RepetitionGuard.Penalise(logits, generated, options.RepetitionPenalty);
        }

        LogSoftmax(logits);
        foreach (var token in RepetitionGuard.BannedTokens(generated, options.NoRepeatNgramSize))
        {
            logits[token] = float.NegativeInfinity;
        }

        if (generated.Count < options.MinNewTokens)
        {
            logits[options.EosTokenId] = float.NegativeInfinity;
            foreach (var token in options.StopTokenIds)
            {
                logits[token] = float.NegativeInfinity;
            }
        }
    }

    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void LogSoftmax(Span<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var value in logits)
        {
            if (float.IsNaN(value))
            {
                throw new InvalidDataException("The model returned NaN logits.");
            }

            max = Math.Max(max, value);
        }

        if (!float.IsFinite(max))
        {
            throw new InvalidDataException("The model returned no finite logit.");
        }

        var sum = 0d;
        foreach (var value in logits)
        {
            sum += Math.Exp(value - max);
        }

        var logSum = max + (float)Math.Log(sum);
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] -= logSum;
        }
    }
}
