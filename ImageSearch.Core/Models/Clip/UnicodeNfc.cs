using System.Collections.Frozen;
using System.Text;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Unicode normalisation form C (UAX #15: canonical decomposition, canonical ordering, canonical composition), which ftfy
/// applies to every segment. string.Normalize does nothing under the app's InvariantGlobalization, so this runs the standard
/// algorithm on Python's Unicode data (Tables/unicode-decompositions.txt, unicode-combining-classes.txt): the result is
/// Python's unicodedata.normalize("NFC", ...) for the Unicode version those tables were written from.
/// </summary>
public static class UnicodeNfc
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28, HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<Data> Tables = new(Data.Load);

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var data = Tables.Value;
        if (text.All(c => c < data.StableBelow))
        {
            return text;
        }

        var codePoints = new List<int>(text.Length);
        foreach (var codePoint in CodePoints(text))
        {
            Decompose(codePoint, data, codePoints);
        }

        SortCombiningMarks(codePoints, data);
        var composed = Compose(codePoints, data);
        var builder = new StringBuilder(text.Length);
        foreach (var codePoint in composed)
        {
            // A lone surrogate stays as it was (Python keeps it too).
            builder.Append(codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint));
        }

        var result = builder.ToString();
        return result == text ? text : result;
    }

    private static IEnumerable<int> CodePoints(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return char.ConvertToUtf32(text[i], text[++i]);
            }
            else
            {
                yield return text[i];
            }
        }
    }

    private static void Decompose(int codePoint, Data data, List<int> output)
    {
        var syllable = codePoint - HangulSBase;
        if (syllable is >= 0 and < HangulSCount)
        {
            output.Add(HangulLBase + syllable / HangulNCount);
            output.Add(HangulVBase + syllable % HangulNCount / HangulTCount);
            if (syllable % HangulTCount != 0)
            {
                output.Add(HangulTBase + syllable % HangulTCount);
            }
        }
        else if (data.Decompositions.TryGetValue(codePoint, out var decomposition))
        {
            output.AddRange(decomposition);
        }
        else
        {
            output.Add(codePoint);
        }
    }

    /// <summary>Canonical ordering: a stable sort of each run of non-starters by combining class (O(n log n) on hostile runs).</summary>
    private static void SortCombiningMarks(List<int> codePoints, Data data)
    {
        var start = 0;
        while (start < codePoints.Count)
        {
            var end = start;
            while (end < codePoints.Count && data.CombiningClass(codePoints[end]) != 0)
            {
                end++;
            }

            if (end - start > 1)
            {
                var sorted = codePoints.GetRange(start, end - start).OrderBy(data.CombiningClass).ToArray();
                for (var i = 0; i < sorted.Length; i++)
                {
                    codePoints[start + i] = sorted[i];
                }
            }

            start = end + 1;
        }
    }

    /// <summary>Canonical composition: each character joins the last starter unless a character between blocks it.</summary>
    private static List<int> Compose(List<int> codePoints, Data data)
    {
        var result = new List<int>(codePoints.Count);
        var starter = -1;
        foreach (var codePoint in codePoints)
        {
            var combiningClass = data.CombiningClass(codePoint);
            if (starter >= 0)
            {
                var adjacent = result.Count - 1 == starter;
                var lastClass = data.CombiningClass(result[^1]);
                if ((adjacent || (lastClass != 0 && lastClass < combiningClass)) && TryCompose(result[starter], codePoint, data, out var composite))
                {
                    result[starter] = composite;
                    continue;
                }
            }

            if (combiningClass == 0)
            {
                starter = result.Count;
            }

            result.Add(codePoint);
        }

        return result;
    }

    private static bool TryCompose(int first, int second, Data data, out int composite)
    {
        var lIndex = first - HangulLBase;
        var vIndex = second - HangulVBase;
        if (lIndex is >= 0 and < HangulLCount && vIndex is >= 0 and < HangulVCount)
        {
            composite = HangulSBase + (lIndex * HangulVCount + vIndex) * HangulTCount;
            return true;
        }

        var sIndex = first - HangulSBase;
        var tIndex = second - HangulTBase;
        if (sIndex is >= 0 and < HangulSCount && sIndex % HangulTCount == 0 && tIndex is > 0 and < HangulTCount)
        {
            composite = first + tIndex;
            return true;
        }

        return data.Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private sealed record Data(FrozenDictionary<int, int[]> Decompositions, FrozenDictionary<long, int> Compositions,
        FrozenDictionary<int, int> CombiningClasses, int StableBelow)
    {
        public int CombiningClass(int codePoint) => CombiningClasses.GetValueOrDefault(codePoint);

        public static Data Load()
        {
            var rows = ClipTextTables.Rows("unicode-decompositions.txt").ToArray();
            var mappings = rows.ToDictionary(row => ClipTextTables.CodePoint(row[0]),
                row => row.Skip(1).Where(field => field != "*").Select(ClipTextTables.CodePoint).ToArray());
            var compositions = rows.Where(row => row.Length == 3 && row[2] != "*")
                .ToFrozenDictionary(row => ((long)ClipTextTables.CodePoint(row[1]) << 21) | (uint)ClipTextTables.CodePoint(row[2]),
                    row => ClipTextTables.CodePoint(row[0]));
            var classes = new Dictionary<int, int>();
            foreach (var row in ClipTextTables.Rows("unicode-combining-classes.txt"))
            {
                var (first, last) = ClipTextTables.Range(row[0]);
                for (var c = first; c <= last; c++)
                {
                    classes[c] = int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var decompositions = mappings.ToFrozenDictionary(pair => pair.Key, pair => FullDecomposition(pair.Key, mappings).ToArray());

            // Below the first code point that can change under NFC (a combining mark, the second half of a pair, a character
            // NFC replaces, a Hangul jamo) every text is already in NFC.
            var stableBelow = new[] { HangulLBase, classes.Keys.Min(), compositions.Keys.Min(key => (int)(key & 0x1FFFFF)) }
                .Concat(rows.Where(row => row[^1] == "*").Select(row => ClipTextTables.CodePoint(row[0])))
                .Min();
            return new Data(decompositions, compositions, classes.ToFrozenDictionary(), stableBelow);
        }

        private static IEnumerable<int> FullDecomposition(int codePoint, Dictionary<int, int[]> mappings) =>
            mappings.TryGetValue(codePoint, out var mapping) ? mapping.SelectMany(part => FullDecomposition(part, mappings)) : [codePoint];
    }
}
