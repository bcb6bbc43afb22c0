namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// Beam search as Hugging Face does it: each step the 2 x beams best (beam, token) pairs by cumulative log-probability;
/// a stop token among the first <see cref="GenerationOptions.NumBeams"/> of them finishes a hypothesis (scored
/// length-normalised), the others continue until the beam is full again. Returns the best hypotheses, best first;
/// beams still running at the length limit compete unfinished.
/// </summary>
public static class BeamSearch
{
    public static GenerationResult Run(
        ILogitsSource model, IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(model.VocabularySize);
        var vocabulary = model.VocabularySize;
        var width = options.NumBeams;
        var finished = new FinishedHypotheses(width, options);
        List<Beam> beams = [new([], 0f)];
        List<int>? parents = null;
        var steps = 0;
        var done = false;
        while (steps < options.MaxNewTokens && !done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = beams.Select(b => (IReadOnlyList<int>)[.. prompt, .. b.Tokens]).ToList();
            var logits = model.Next(rows, parents, cancellationToken);
            steps++;
            var candidates = new List<Candidate>(beams.Count * 2 * width);
            for (var i = 0; i < beams.Count; i++)
            {
                var scores = logits.AsSpan(i * vocabulary, vocabulary);
                NextTokenScores.Compute(scores, beams[i].Tokens, options);
                foreach (var (token, score) in Top(scores, 2 * width))
                {
                    candidates.Add(new Candidate(i, token, beams[i].LogProbability + score));
                }
            }

            // Stable: ties keep beam order, then token rank.
            candidates = [.. candidates.OrderByDescending(c => c.Total)];
            var next = new List<Beam>(width);
            var nextParents = new List<int>(width);
            for (var rank = 0; rank < candidates.Count && next.Count < width; rank++)
            {
                var candidate = candidates[rank];
                var parent = beams[candidate.Beam];
                if (options.IsStop(candidate.Token))
                {
                    if (rank < width)
                    {
                        finished.Add(parent.Tokens, candidate.Total, finished: true);
                    }

                    continue;
                }

                next.Add(new Beam([.. parent.Tokens, candidate.Token], candidate.Total));
                nextParents.Add(candidate.Beam);
            }

            done = next.Count == 0 || finished.IsDone(next.Max(b => b.LogProbability), steps);
            beams = next;
            parents = nextParents;
        }

        if (!done)
        {
            foreach (var beam in beams)
            {
                finished.Add(beam.Tokens, beam.LogProbability, finished: false);
            }
        }

        return new GenerationResult(finished.Sorted(), steps);
    }

    /// <summary>The <paramref name="count"/> best finite scores of a row, best first; lower ids first on ties.</summary>
    private static List<(int Token, float Score)> Top(ReadOnlySpan<float> scores, int count)
    {
        var top = new List<(int Token, float Score)>(count + 1);
        for (var token = 0; token < scores.Length; token++)
        {
            var score = scores[token];
            if (float.IsNegativeInfinity(score) || (top.Count == count && score <= top[^1].Score))
            {
                continue;
            }

            var index = top.FindIndex(t => t.Score < score);
            top.Insert(index < 0 ? top.Count : index, (token, score));
            if (top.Count > count)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        return top;
    }

    private sealed record Beam(IReadOnlyList<int> Tokens, float LogProbability);

    private readonly record struct Candidate(int Beam, int Token, float Total);
}
