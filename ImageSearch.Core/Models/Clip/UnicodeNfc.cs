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
    internal const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28, HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<UnicodeNfcData> Tables = new(UnicodeNfcData.Load);

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

    private static void Decompose(int codePoint, UnicodeNfcData data, List<int> output)
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
    private static void SortCombiningMarks(List<int> codePoints, UnicodeNfcData data)
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
    private static List<int> Compose(List<int> codePoints, UnicodeNfcData data)
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

    private static bool TryCompose(int first, int second, UnicodeNfcData data, out int composite)
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

        return data.TryCompose(first, second, out composite);
    }
}
