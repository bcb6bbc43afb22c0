using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// A hand-written model for the search tests: the next-token probabilities of a sequence come from a function (logits
/// are ln p, unlisted tokens impossible). Records every call so tests can check what the search asked.
/// </summary>
internal sealed class FakeLanguageModel(int vocabulary, Func<IReadOnlyList<int>, IReadOnlyDictionary<int, double>> next) : ILogitsSource
{
    public int VocabularySize => vocabulary;

    public List<(List<List<int>> Rows, List<int>? Parents)> Calls { get; } = [];

    /// <summary>A model keyed by the sequence after the prompt, written as text: "" → start, "1 2" → after tokens 1 and 2.</summary>
    public static FakeLanguageModel FromTable(int vocabulary, int promptLength, Dictionary<string, Dictionary<int, double>> table) =>
        new(vocabulary, sequence =>
        {
            var key = string.Join(' ', sequence.Skip(promptLength));
            return table.TryGetValue(key, out var probabilities) ? probabilities : new Dictionary<int, double> { [0] = 1 };
        });

    public float[] Next(IReadOnlyList<IReadOnlyList<int>> rows, IReadOnlyList<int>? parents, CancellationToken cancellationToken)
    {
        Calls.Add(([.. rows.Select(r => r.ToList())], parents?.ToList()));
        var logits = new float[rows.Count * vocabulary];
        Array.Fill(logits, float.NegativeInfinity);
        for (var row = 0; row < rows.Count; row++)
        {
            foreach (var (token, probability) in next(rows[row]))
            {
                logits[(row * vocabulary) + token] = (float)Math.Log(probability);
            }
        }

        return logits;
    }
}
