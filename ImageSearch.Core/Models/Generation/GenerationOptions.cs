namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// How to decode: greedy when <see cref="NumBeams"/> is 1, beam search above. Counts are in new tokens (the prompt or
/// decoder start token is not counted). Mirrors the Hugging Face generation settings of the same names.
/// </summary>
public sealed record GenerationOptions
{
    public required int MaxNewTokens { get; init; }

    public int NumBeams { get; init; } = 1;

    /// <summary>End of text: generation of a sequence stops when it is chosen; it is not part of the returned tokens.</summary>
    public required int EosTokenId { get; init; }

    /// <summary>Other tokens that end a sequence like <see cref="EosTokenId"/> (e.g. a newline for one-line answers).</summary>
    public IReadOnlySet<int> StopTokenIds { get; init; } = new HashSet<int>();

    /// <summary>Stop tokens are forbidden until this many tokens have been generated.</summary>
    public int MinNewTokens { get; init; }

    /// <summary>When above 0, no n-gram of this size occurs twice among the generated tokens.</summary>
    public int NoRepeatNgramSize { get; init; }

    /// <summary>CTRL-style penalty on tokens already generated (1 = off): positive logits are divided by it, negative ones multiplied.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Exponent of the length in the beam score: score = sum of log-probabilities / length ^ LengthPenalty.</summary>
    public float LengthPenalty { get; init; } = 1f;

    /// <summary>
    /// True: beam search stops as soon as <see cref="NumBeams"/> hypotheses are finished. False (Hugging Face's default):
    /// it goes on while the best running beam, at its current length, could still beat the worst finished hypothesis, so
    /// improbable beams that happen to end early cannot crowd out a likely one that is still running.
    /// </summary>
    public bool EarlyStopping { get; init; }

    public bool IsStop(int token) => token == EosTokenId || StopTokenIds.Contains(token);

    internal void Validate(int vocabularySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNewTokens, 1, nameof(MaxNewTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumBeams, 1, nameof(NumBeams));
        ArgumentOutOfRangeException.ThrowIfNegative(MinNewTokens, nameof(MinNewTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(NoRepeatNgramSize, nameof(NoRepeatNgramSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RepetitionPenalty, 0f, nameof(RepetitionPenalty));
        if (EosTokenId < 0 || EosTokenId >= vocabularySize || StopTokenIds.Any(t => t < 0 || t >= vocabularySize))
        {
            throw new ArgumentOutOfRangeException(nameof(EosTokenId), $"Stop tokens must be ids below the vocabulary size {vocabularySize}.");
        }
    }
}
