namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// What a tiny decoder predicts: the next-token distribution for a last token, or for a (previous, last) pair, which
/// wins over the last token alone. Any other state is uniform (every logit 0), like a model that has no idea: it neither
/// ends nor favours a token. Probabilities become logits 30 + ln p over a background of 0, so the log-probabilities the
/// model yields are ln p within 1e-8.
/// </summary>
internal sealed class Transitions(int endOfText)
{
    public const float Confidence = 30f;

    private readonly Dictionary<int, (int Token, double P)[]> _byLast = [];
    private readonly Dictionary<(int Prev, int Last), (int Token, double P)[]> _byPair = [];

    public int EndOfText { get; } = endOfText;

    public Transitions After(int last, params (int Token, double P)[] next)
    {
        _byLast[last] = next;
        return this;
    }

    public Transitions After(int prev, int last, params (int Token, double P)[] next)
    {
        _byPair[(prev, last)] = next;
        return this;
    }

    /// <summary>Each token of <paramref name="tokens"/> is followed by the next for sure, the last one by <paramref name="end"/>.</summary>
    public Transitions Chain(IReadOnlyList<int> tokens, int? end = null)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            After(tokens[i], (i + 1 < tokens.Count ? tokens[i + 1] : end ?? EndOfText, 1d));
        }

        return this;
    }

    /// <summary>A continuation keyed by pairs (so shared words do not clash): after the prompt's last two tokens, <paramref name="tokens"/>, then <paramref name="end"/>.</summary>
    public Transitions Continue(IReadOnlyList<int> prompt, IReadOnlyList<int> tokens, int end)
    {
        List<int> all = [prompt[^2], prompt[^1], .. tokens, end];
        for (var i = 2; i < all.Count; i++)
        {
            After(all[i - 2], all[i - 1], (all[i], 1d));
        }

        return this;
    }

    /// <summary>
    /// Dense tables for the graph: row = lastClass[last] + prevOffset[prev]; each row lists its candidate tokens and logits
    /// (padded with unused tokens at logit 0, the background).
    /// </summary>
    public (long[] LastClass, long[] PrevOffset, long[] RowTokens, float[] RowLogits, int Rows, int Width) Build(int vocabulary)
    {
        var lasts = _byLast.Keys.Concat(_byPair.Keys.Select(k => k.Last)).Distinct().ToList();
        var prevs = _byPair.Keys.Select(k => k.Prev).Distinct().ToList();
        var lastClasses = lasts.Count + 1;
        var rows = lastClasses * (prevs.Count + 1);
        var width = Math.Max(1, _byLast.Values.Concat(_byPair.Values).Select(n => n.Length).DefaultIfEmpty(1).Max());
        var lastClass = new long[vocabulary];
        var prevOffset = new long[vocabulary];
        for (var i = 0; i < lasts.Count; i++)
        {
            lastClass[lasts[i]] = i + 1;
        }

        for (var i = 0; i < prevs.Count; i++)
        {
            prevOffset[prevs[i]] = (i + 1) * lastClasses;
        }

        var rowTokens = new long[rows * width];
        var rowLogits = new float[rows * width];
        for (var p = 0; p <= prevs.Count; p++)
        {
            for (var l = 0; l <= lasts.Count; l++)
            {
                var next = Lookup(p == 0 ? null : prevs[p - 1], l == 0 ? null : lasts[l - 1]);
                var used = next.Select(n => n.Token).ToHashSet();
                var fillers = Enumerable.Range(0, vocabulary).Reverse().Where(t => !used.Contains(t)).Take(width).ToList();
                var row = (p * lastClasses) + l;
                for (var j = 0; j < width; j++)
                {
                    (rowTokens[(row * width) + j], rowLogits[(row * width) + j]) = j < next.Length
                        ? (next[j].Token, Confidence + (float)Math.Log(next[j].P))
                        : (fillers[j], 0f);
                }
            }
        }

        return (lastClass, prevOffset, rowTokens, rowLogits, rows, width);
    }

    private (int Token, double P)[] Lookup(int? prev, int? last)
    {
        if (last is { } l && prev is { } p && _byPair.TryGetValue((p, l), out var pair))
        {
            return pair;
        }

        return last is { } onlyLast && _byLast.TryGetValue(onlyLast, out var next) ? next : [];
    }
}
