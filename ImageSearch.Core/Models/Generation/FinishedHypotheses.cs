namespace ImageSearch.Core.Models.Generation;

/// <summary>The best <c>capacity</c> hypotheses of a beam search, by length-normalised score (Hugging Face's BeamHypotheses).</summary>
internal sealed class FinishedHypotheses(int capacity, GenerationOptions options)
{
    private readonly List<GeneratedSequence> _best = new(capacity + 1);

    public int Count => _best.Count;

    public void Add(IReadOnlyList<int> tokens, float logProbability, bool finished)
    {
        var hypothesis = GeneratedSequence.Create(tokens, logProbability, finished, options.LengthPenalty);
        if (_best.Count == capacity && hypothesis.Score <= _best[^1].Score)
        {
            return;
        }

        // Insert after every hypothesis scoring at least as well: earlier ones win ties.
        var index = _best.FindIndex(h => h.Score < hypothesis.Score);
        _best.Insert(index < 0 ? _best.Count : index, hypothesis);
        if (_best.Count > capacity)
        {
            _best.RemoveAt(_best.Count - 1);
        }
    }

    /// <summary>
    /// Whether the search can stop: the list is full and either early stopping is on, or the best running beam cannot beat
    /// the worst kept hypothesis at its current length (Hugging Face's heuristic for early_stopping=False).
    /// </summary>
    public bool IsDone(float bestRunningLogProbability, int runningLength)
    {
        if (_best.Count < capacity)
        {
            return false;
        }

        return options.EarlyStopping
            || bestRunningLogProbability / MathF.Pow(Math.Max(runningLength, 1), options.LengthPenalty) <= _best[^1].Score;
    }

    public IReadOnlyList<GeneratedSequence> Sorted() => [.. _best];
}
