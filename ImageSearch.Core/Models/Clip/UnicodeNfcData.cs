using System.Collections.Frozen;
using System.Globalization;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The data NFC needs, from Tables/unicode-decompositions.txt and unicode-combining-classes.txt: full canonical
/// decompositions, the pairs that compose (composition exclusions, singletons and non-starter decompositions left out),
/// combining classes, and the code point below which every text is already in NFC.
/// </summary>
internal sealed record UnicodeNfcData(FrozenDictionary<int, int[]> Decompositions, FrozenDictionary<long, int> Compositions,
    FrozenDictionary<int, int> CombiningClasses, int StableBelow)
{
    public int CombiningClass(int codePoint) => CombiningClasses.GetValueOrDefault(codePoint);

    /// <summary>The primary composite of a pair, other than Hangul (which NFC composes by formula).</summary>
    public bool TryCompose(int first, int second, out int composite) => Compositions.TryGetValue(PairKey(first, second), out composite);

    public static UnicodeNfcData Load()
    {
        var rows = ClipTextTables.Rows("unicode-decompositions.txt").ToArray();
        var mappings = rows.ToDictionary(row => ClipTextTables.CodePoint(row[0]),
            row => row.Skip(1).Where(field => field != "*").Select(ClipTextTables.CodePoint).ToArray());
        var compositions = rows.Where(row => row.Length == 3 && row[2] != "*")
            .ToFrozenDictionary(row => PairKey(ClipTextTables.CodePoint(row[1]), ClipTextTables.CodePoint(row[2])),
                row => ClipTextTables.CodePoint(row[0]));
        var classes = new Dictionary<int, int>();
        foreach (var row in ClipTextTables.Rows("unicode-combining-classes.txt"))
        {
            var (first, last) = ClipTextTables.Range(row[0]);
            for (var c = first; c <= last; c++)
            {
                classes[c] = int.Parse(row[1], CultureInfo.InvariantCulture);
            }
        }

        var decompositions = mappings.ToFrozenDictionary(pair => pair.Key, pair => FullDecomposition(pair.Key, mappings).ToArray());

        // Below the first code point that can change under NFC (a combining mark, the second half of a pair, a character
        // NFC replaces, a Hangul jamo) every text is already in NFC.
        var stableBelow = new[] { UnicodeNfc.HangulLBase, classes.Keys.Min(), compositions.Keys.Min(key => (int)(key & 0x1FFFFF)) }
            .Concat(rows.Where(row => row[^1] == "*").Select(row => ClipTextTables.CodePoint(row[0])))
            .Min();
        return new UnicodeNfcData(decompositions, compositions, classes.ToFrozenDictionary(), stableBelow);
    }

    /// <summary>Code points take 21 bits, so a pair fits a long.</summary>
    private static long PairKey(int first, int second) => ((long)first << 21) | (uint)second;

    private static IEnumerable<int> FullDecomposition(int codePoint, Dictionary<int, int[]> mappings) =>
        mappings.TryGetValue(codePoint, out var mapping) ? mapping.SelectMany(part => FullDecomposition(part, mappings)) : [codePoint];
}
