namespace ImageSearch.Core.Models.Generation;

/// <summary>Greedy decoding: at each step the most probable token (the lowest id on a tie), until a stop token or the limit.</summary>
public static class GreedySearch
{
    public static GenerationResult Run(
        ILogitsSource model, IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(model.VocabularySize);
        var vocabulary = model.VocabularySize;
        var sequence = new List<int>(prompt);
        var generated = new List<int>();
        var logProbability = 0f;
        for (var step = 0; step < options.MaxNewTokens; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = model.Next([sequence], step == 0 ? null : [0], cancellationToken);
            var scores = logits.AsSpan(0, vocabulary);
            NextTokenScores.Compute(scores, generated, options);
            var token = NextTokenScores.ArgMax(scores);
            if (float.IsNegativeInfinity(scores[token]))
            {
                // Every token is banned (possible only with tiny vocabularies): the sequence ends here.
                return Result(generated, logProbability, finished: false, step + 1, options);
            }

            logProbability += scores[token];
            if (options.IsStop(token))
            {
                return Result(generated, logProbability, finished: true, step + 1, options);
            }

            generated.Add(token);
            sequence.Add(token);
        }

        return Result(generated, logProbability, finished: false, options.MaxNewTokens, options);
    }

    private static GenerationResult Result(List<int> generated, float logProbability, bool finished, int steps, GenerationOptions options) =>
        new([GeneratedSequence.Create(generated, logProbability, finished, options.LengthPenalty)], steps);
}
