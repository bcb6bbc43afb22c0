namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// One generated continuation. <see cref="Tokens"/> are the new tokens without the stop token;
/// <see cref="LogProbability"/> sums the log-probabilities of the new tokens, the stop token included when
/// <see cref="Finished"/>; <see cref="Score"/> is that sum divided by their count ^ length penalty.
/// </summary>
public sealed record GeneratedSequence(IReadOnlyList<int> Tokens, float LogProbability, float Score, bool Finished)
{
    internal static GeneratedSequence Create(IReadOnlyList<int> tokens, float logProbability, bool finished, float lengthPenalty)
    {
        var length = tokens.Count + (finished ? 1 : 0);
        return new GeneratedSequence(tokens, logProbability, logProbability / MathF.Pow(Math.Max(length, 1), lengthPenalty), finished);
    }
}

/// <summary>The sequences of one generation, best score first, and the number of model steps it took.</summary>
public sealed record GenerationResult(IReadOnlyList<GeneratedSequence> Sequences, int Steps)
{
    public GeneratedSequence Best => Sequences[0];
}
